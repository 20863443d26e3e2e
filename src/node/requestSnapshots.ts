/**
 * The requests runs sent, one JSON file per run (secrets redacted and media as content hashes by the
 * caller), kept so two runs can be diffed when a cache check says the prefix changed. Files are
 * private to the user (0600) and the oldest go first beyond a cap.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

const SAFE_ID = /^[A-Za-z0-9-]{1,100}$/;

export class RequestSnapshots {
  constructor(private readonly folder: string, private readonly keep = 200) {}

  private path(runId: string): string {
    if (!SAFE_ID.test(runId)) throw new Error(`Not a run ID: "${runId.slice(0, 40)}"`);
    return join(this.folder, `${runId}.json`);
  }

  async save(runId: string, json: string): Promise<void> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const target = this.path(runId);
    // Written whole then renamed: a reader never sees half a request.
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, json, { mode: 0o600 });
    await rename(temp, target);
    await this.prune();
  }

  /** The request a run sent, or undefined when it was not kept. */
  async load(runId: string): Promise<string | undefined> {
    try {
      return await readFile(this.path(runId), 'utf8');
    } catch {
      return undefined;
    }
  }

  private async prune(): Promise<void> {
    const names = (await readdir(this.folder)).filter((n) => n.endsWith('.json'));
    if (names.length <= this.keep) return;
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(this.folder, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => a.t - b.t);
    await Promise.all(dated.slice(0, names.length - this.keep).map(({ n }) => rm(join(this.folder, n), { force: true })));
  }
}
