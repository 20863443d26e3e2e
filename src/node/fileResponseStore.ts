/**
 * The response cache as files under the workspace (`.prompt-cache/responses/`): one file per key,
 * created 0600 in a 0700 folder, written to a temp file and renamed into place, so a reader sees
 * the old entry or the new one, never half of one; two processes writing the same key both leave a
 * whole entry. A file's modification time is its last use (touched on every hit), which orders the
 * least-recently-used eviction when the folder outgrows its cap. A file that fails its checksum
 * (cut short by a crash, edited by hand) is removed and never replayed.
 *
 * Hits and misses are appended to a counters file one line each (appends of a short line do not
 * interleave between processes), so no process overwrites another's counts.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { decodeEntry, encodeEntry, isExpired, DEFAULT_RESPONSE_TTL_MS, type CachedResponse } from '../core/responseCacheEntry';
import { writeFileAtomic } from './historyFile';
import type { ResponseStore, ResponseStoreStats } from './responseStore';

export const RESPONSES_FOLDER = join('.prompt-cache', 'responses');
export const DEFAULT_FILE_CACHE_BYTES = 256 * 1024 * 1024;
const STATS_FILE = 'counters.jsonl';
/** A temp file older than this was left by a killed writer. */
const STALE_TEMP_MS = 60_000;

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export interface FileStoreOptions {
  ttlMs?: number;
  /** Size cap of all entries together; least recently used entries go first. */
  maxBytes?: number;
  /** Told about entries removed as corrupt. */
  warn?: (message: string) => void;
  now?: () => number;
}

export class FileResponseStore implements ResponseStore {
  readonly description: string;
  private readonly ttlMs: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  /** `folder` is the responses folder itself (see `fileStoreFolder`). */
  constructor(readonly folder: string, private readonly options: FileStoreOptions = {}) {
    this.description = `files in ${folder}`;
    this.ttlMs = options.ttlMs ?? DEFAULT_RESPONSE_TTL_MS;
    this.maxBytes = options.maxBytes ?? DEFAULT_FILE_CACHE_BYTES;
    this.now = options.now ?? Date.now;
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a response cache key: ${key}`);
    return join(this.folder, `${key}.json`);
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const path = this.pathOf(key);
    let text: string;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const decoded = decodeEntry(key, text, sha256);
    if (!decoded.ok) {
      this.options.warn?.(`A response cache entry was unreadable (${decoded.reason}) and was removed; the request goes to Bedrock.`);
      await this.removeIfUnchanged(path, text);
      return undefined;
    }
    if (isExpired(decoded.entry, this.ttlMs, this.now())) {
      await this.removeIfUnchanged(path, text);
      return undefined;
    }
    const at = new Date(this.now());
    await fs.utimes(path, at, at).catch(() => undefined);
    return decoded.entry;
  }

  /** Removes `path` unless another process has meanwhile replaced it with a fresh entry. */
  private async removeIfUnchanged(path: string, seen: string): Promise<void> {
    const current = await fs.readFile(path, 'utf8').catch(() => undefined);
    if (current === seen) await fs.rm(path, { force: true });
  }

  async put(key: string, entry: CachedResponse): Promise<void> {
    await fs.mkdir(this.folder, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.pathOf(key), encodeEntry(key, entry, sha256));
    await this.evict();
  }

  /** Drops temp files of killed writers, then the least recently used entries above the cap. */
  private async evict(): Promise<void> {
    const files = await this.entryFiles(true);
    let total = files.reduce((sum, f) => sum + f.size, 0);
    if (total <= this.maxBytes) return;
    files.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const file of files) {
      if (total <= this.maxBytes) break;
      await fs.rm(file.path, { force: true });
      total -= file.size;
    }
  }

  private async entryFiles(cleanTemps = false): Promise<{ path: string; size: number; mtimeMs: number }[]> {
    const names = await fs.readdir(this.folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const files: { path: string; size: number; mtimeMs: number }[] = [];
    for (const name of names) {
      const path = join(this.folder, name);
      const stat = await fs.stat(path).catch(() => undefined);
      if (!stat?.isFile()) continue;
      if (/^[0-9a-f]{64}\.json$/.test(name)) files.push({ path, size: stat.size, mtimeMs: stat.mtimeMs });
      else if (cleanTemps && name.includes('.tmp-') && this.now() - stat.mtimeMs > STALE_TEMP_MS) await fs.rm(path, { force: true });
    }
    return files;
  }

  recordHit(entry: CachedResponse): Promise<void> {
    return this.count({ hit: 1, savedUSD: entry.costUSD, savedMs: entry.latencyMs });
  }

  recordMiss(): Promise<void> {
    return this.count({ miss: 1 });
  }

  private async count(line: Record<string, number>): Promise<void> {
    await fs.mkdir(this.folder, { recursive: true, mode: 0o700 });
    await fs.appendFile(join(this.folder, STATS_FILE), `${JSON.stringify(line)}\n`, { mode: 0o600 });
  }

  async stats(): Promise<ResponseStoreStats> {
    const stats: ResponseStoreStats = { hits: 0, misses: 0, entries: 0, storedBytes: 0, savedUSD: 0, savedMs: 0 };
    const text = await fs.readFile(join(this.folder, STATS_FILE), 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      let counts: Record<string, unknown>;
      try { counts = JSON.parse(line) as Record<string, unknown>; } catch { continue; }
      const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
      stats.hits += num(counts.hit);
      stats.misses += num(counts.miss);
      stats.savedUSD += num(counts.savedUSD);
      stats.savedMs += num(counts.savedMs);
    }
    for (const file of await this.entryFiles()) {
      stats.entries++;
      stats.storedBytes += file.size;
    }
    return stats;
  }

  async clear(): Promise<number> {
    const files = await this.entryFiles();
    for (const file of files) await fs.rm(file.path, { force: true });
    await fs.rm(join(this.folder, STATS_FILE), { force: true });
    return files.length;
  }

  async close(): Promise<void> {}
}

/** The responses folder of a workspace. */
export function fileStoreFolder(workspaceRoot: string): string {
  return join(workspaceRoot, RESPONSES_FOLDER);
}
