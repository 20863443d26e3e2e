/** Options shared by `run` and `count`: which Bedrock to call, as whom, and the prompt's inputs. */
import { relative, resolve } from 'node:path';
import type { ClientSettings } from '../aws/clientFactory';
import { isFile } from '../node/promptSources';
import { promptWorkspaceRoots } from '../node/workspaceRoot';
import { UsageError } from './usageError';

export const CONNECTION_OPTIONS = {
  endpoint: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  model: { type: 'string' },
  http1: { type: 'boolean' },
  input: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  workspace: { type: 'string' },
  config: { type: 'string' },
} as const;

export interface ConnectionValues {
  endpoint?: string;
  region?: string;
  profile?: string;
  model?: string;
  http1?: boolean;
  input?: string[];
}

export function clientSettings(values: ConnectionValues): ClientSettings {
  return { endpoint: values.endpoint, region: values.region, profile: values.profile, http1: values.http1 };
}

/** `--input k=v` pairs; a value that parses as JSON (number, list, object) is used as such. */
export function parseInputs(pairs: string[] = []): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input needs NAME=VALUE, got "${pair}".`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    if (/^[[{]|^-?\d+(\.\d+)?$|^(true|false|null)$/.test(raw.trim())) {
      try { value = JSON.parse(raw); } catch { value = raw; }
    }
    inputs[pair.slice(0, eq)] = value;
  }
  return inputs;
}

export interface PromptPath {
  path: string;
  /** Path relative to the current folder, as recorded in history. */
  relative: string;
  /** Folders the prompt may read from: --workspace, else the project folder around the prompt (never the home folder). */
  roots: string[];
}

export function promptPath(file: string | undefined, usage: string, workspace?: string): PromptPath {
  if (!file) throw new UsageError(`no file given. Usage: ${usage}`);
  const path = resolve(file);
  if (!isFile(path)) throw new UsageError(`cannot read ${file}: not a file.`);
  const roots = promptWorkspaceRoots(path, { explicit: workspace });
  if (roots.length > 0 && relative(roots[0], path).startsWith('..')) throw new UsageError(`${file} is not inside the workspace ${workspace}.`);
  return { path, relative: relative(process.cwd(), path) || file, roots };
}
