/**
 * Where probe results live: one JSON file per user, not per workspace, because a probe measures
 * an AWS account in a region, which every project of that user shares. The CLI and the editor
 * read and write the same file, so a probe made in one is used by the other.
 *
 * Default `~/.prompt-cache/probes.json`; `PROMPT_CACHE_PROBES` or `--probes FILE` choose another.
 */
import { promises as fs, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseProbeFile, serializeProbes, upsertProbe, type ProbeResult } from '../core/probeResults';
import { writeFileAtomic } from './historyFile';

export const PROBES_ENV = 'PROMPT_CACHE_PROBES';

export function defaultProbesPath(env: NodeJS.ProcessEnv = process.env): string {
  return env[PROBES_ENV] || join(homedir(), '.prompt-cache', 'probes.json');
}

export class ProbeStore {
  constructor(readonly path: string = defaultProbesPath()) {}

  /** Every stored probe; none when the file does not exist. A bad file throws, naming it. */
  read(): ProbeResult[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new Error(`cannot read the probe results ${this.path}: ${(error as Error).message}`);
    }
    return parseProbeFile(text, this.path);
  }

  /** Stores `result`, replacing an earlier probe of the same model and region. */
  async save(result: ProbeResult): Promise<void> {
    let existing: ProbeResult[] = [];
    try {
      existing = this.read();
    } catch {
      // A damaged file is kept beside the new one rather than lost.
      await fs.rename(this.path, `${this.path}.corrupt-${Date.now()}`).catch(() => undefined);
    }
    await writeFileAtomic(this.path, serializeProbes(upsertProbe(existing, result)));
  }
}
