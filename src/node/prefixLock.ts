/**
 * The prefix lock on disk: finds the prompts under the given paths, renders each through the one
 * preparation path with its stable inputs (`input.default` of the `cache.stable` names; every
 * other input as a fixed placeholder), and reads and writes `prompt-cache.lock.json` at the
 * workspace root. Paths in the lock are relative to that root and use `/` on every system.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Analysis } from '../core/analysis';
import { Analyzer } from '../core/analyzer';
import type { CurrentPrompt, PromptError } from '../core/lockComparison';
import {
  CHANGING_PLACEHOLDER, LOCK_FILE_NAME, LOCK_VERSION, lockEntry, parseLock, serializeLock, type HashFn, type PrefixLock,
} from '../core/prefixLock';
import { analyzePrompt, preparePrompt, PromptInputError } from './promptPreparation';
import { promptWorkspaceRoots } from './workspaceRoot';

export const sha256: HashFn = (data) => createHash('sha256').update(data).digest('hex');

/** Folders never searched for prompts. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);

export function lockPath(root: string): string {
  return join(root, LOCK_FILE_NAME);
}

/** The workspace root a set of paths belongs to: `--workspace`, else the rule applied to the first path. */
export function lockRoot(paths: readonly string[], explicit?: string, cwd: string = process.cwd()): string | undefined {
  if (explicit) return resolve(explicit);
  const first = resolve(cwd, paths[0] ?? '.');
  const probe = isDirectory(first) ? join(first, 'probe.prompt') : first;
  return promptWorkspaceRoots(probe)[0];
}

/** `a/b.prompt` relative to the root, with `/`, or undefined when outside it. */
export function lockKey(root: string, file: string): string | undefined {
  const rel = relative(root, file);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** .prompt files under the paths (a file given by name is taken as is); partials (`_name.prompt`) are not prompts. */
export function findPrompts(paths: readonly string[]): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name));
      } else if (entry.isFile() && entry.name.endsWith('.prompt') && !entry.name.startsWith('_')) {
        found.add(join(dir, entry.name));
      }
    }
  };
  for (const path of paths) {
    if (isDirectory(path)) walk(path);
    else found.add(path);
  }
  return [...found].sort();
}

export function readLock(root: string): PrefixLock | undefined {
  const path = lockPath(root);
  if (!existsSync(path)) return undefined;
  return parseLock(readFileSync(path, 'utf8'), LOCK_FILE_NAME);
}

export function emptyLock(): PrefixLock {
  return { version: LOCK_VERSION, prompts: {} };
}

/**
 * Inputs for locking: a stable name takes its `cache.fixtures` file, else its `input.default`;
 * every other input (and a stable one with neither) the one fixed placeholder.
 */
export function lockInputs(analysis: Analysis, readFixture: (path: string) => { text: string } | { error: string } = () => ({ error: 'no files' })): Record<string, unknown> {
  const names = new Set<string>([...analysis.config.inputNames, ...Object.keys(analysis.config.inputDefaults)]);
  for (const block of analysis.blocks) {
    for (const c of block.changing) names.add(c.name);
    for (const n of block.unfilled) names.add(n);
  }
  names.delete('history');
  const stable = new Set(analysis.config.stable);
  const fixtures = analysis.config.fixtures ?? {};
  const inputs: Record<string, unknown> = {};
  for (const name of [...names].sort()) {
    if (stable.has(name) && fixtures[name] !== undefined) {
      const read = readFixture(fixtures[name]);
      if ('error' in read) throw new PromptInputError(`cache.fixtures.${name}: ${read.error}`);
      inputs[name] = read.text;
    } else {
      inputs[name] = stable.has(name) && name in analysis.config.inputDefaults ? analysis.config.inputDefaults[name] : CHANGING_PLACEHOLDER;
    }
  }
  return inputs;
}

export interface LockScan {
  prompts: Map<string, CurrentPrompt>;
  errors: PromptError[];
}

/**
 * The lock entry a prompt would have now (its unsaved text when given), or undefined when it has
 * no cache point and so no cached prefix. Throws, with a message naming the problem, when the
 * prompt cannot be rendered.
 */
export async function currentEntry(root: string, file: string, text?: string, analyzer: Analyzer = new Analyzer()): Promise<CurrentPrompt | undefined> {
  const source = text ?? readFileSync(file, 'utf8');
  const roots = [root];
  const { analysis, sources } = await analyzePrompt({ file, text: source, workspaceRoots: roots, analyzer });
  if (analysis.cachePoints.length === 0) return undefined;
  const inputs = lockInputs(analysis, (path) => sources.files.readText(dirname(file), path));
  const prepared = await preparePrompt({ file, text: source, workspaceRoots: roots, analysis, inputs });
  const entry = lockEntry({ built: prepared.built, analysis, model: prepared.model.requestId, text: source, partials: sources.partials, inputs, hash: sha256 });
  return { entry, modelLine: (analysis.keyLines?.model ?? 0) + 1 };
}

/** The lock entries the prompts would have now; a prompt that cannot be rendered is an error naming the file. */
export async function scanPrompts(root: string, files: readonly string[]): Promise<LockScan> {
  const analyzer = new Analyzer();
  const prompts = new Map<string, CurrentPrompt>();
  const errors: PromptError[] = [];
  for (const file of files) {
    const key = lockKey(root, file);
    if (!key) {
      errors.push({ file: file.split(sep).join('/'), message: `is outside the workspace ${root}` });
      continue;
    }
    try {
      const current = await currentEntry(root, file, undefined, analyzer);
      if (current) prompts.set(key, current);
    } catch (error) {
      errors.push({ file: key, message: (error as Error).message });
    }
  }
  return { prompts, errors };
}

export interface LockUpdate {
  path: string;
  written: boolean;
  prompts: number;
  cachePoints: number;
  errors: PromptError[];
}

/**
 * Re-locks the prompts under the scope: their entries are replaced, locked prompts in the scope
 * that are gone are dropped, and every other entry is kept. A prompt that fails to render keeps
 * its old entry (the check reports it). A lock that cannot be read is replaced only when the
 * scope is the whole workspace.
 */
export async function updateLock(root: string, files: readonly string[], inScope: (file: string) => boolean, wholeWorkspace: boolean): Promise<LockUpdate> {
  let lock: PrefixLock;
  try {
    lock = readLock(root) ?? emptyLock();
  } catch (error) {
    if (!wholeWorkspace) throw error;
    lock = emptyLock();
  }
  const scan = await scanPrompts(root, files);
  const failed = new Set(scan.errors.map((e) => e.file));
  for (const file of Object.keys(lock.prompts)) {
    if (inScope(file) && !failed.has(file)) delete lock.prompts[file];
  }
  for (const [file, prompt] of scan.prompts) lock.prompts[file] = prompt.entry;
  const written = writeLockFile(root, serializeLock(lock));
  const cachePoints = [...scan.prompts.values()].reduce((n, p) => n + p.entry.cachePoints.length, 0);
  return { path: lockPath(root), written, prompts: scan.prompts.size, cachePoints, errors: scan.errors };
}

/** True for a locked path under one of the given paths (all of them when none was given). */
export function scopeOf(root: string, paths: readonly string[]): (file: string) => boolean {
  if (paths.length === 0) return () => true;
  const keys = paths.map((p) => lockKey(root, p) ?? (resolve(p) === resolve(root) ? '' : undefined)).filter((k): k is string => k !== undefined);
  return (file) => keys.some((k) => k === '' || file === k || file.startsWith(k + '/'));
}

export function writeLockFile(root: string, text: string): boolean {
  const path = lockPath(root);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  writeFileSync(path, text);
  return true;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
