/**
 * The run history on disk. Every write goes to a temporary file that is flushed and then renamed
 * over the old one, so a crash or a killed process leaves either the old history or the new one,
 * never half of one. A file that does not parse is moved aside (`*.corrupt-<timestamp>`) with a
 * warning, and a new history starts.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { UsageRecord } from '../shared/usageRecord';
import {
  appendRecord, capHistory, clearFile, DEFAULT_HISTORY_LIMIT, emptyHistory, parseHistory, recordsFor, serializeHistory,
  type HistoryData,
} from '../core/history';

export interface HistoryFileOptions {
  limit?: number;
  /** Told about moved-aside files and dropped records. */
  warn?: (message: string) => void;
  now?: () => Date;
}

/** Writes `text` to `path` atomically: temp file in the same folder, fsync, rename, fsync folder. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await fs.open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  // The rename itself is durable only once the folder's entry is flushed (not possible on Windows).
  const dir = await fs.open(dirname(path), 'r').catch(() => undefined);
  if (dir) await dir.sync().catch(() => undefined).finally(() => dir.close());
}

export class HistoryFile {
  private data: HistoryData | undefined;
  /** Appends from one process are queued so that none overwrites another's record. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string, private readonly options: HistoryFileOptions = {}) {}

  private get limit(): number {
    return this.options.limit ?? DEFAULT_HISTORY_LIMIT;
  }

  /** Reads the file (once); a corrupt file is moved aside and an empty history returned. */
  async load(): Promise<HistoryData> {
    if (this.data) return this.data;
    await this.removeStaleTemps();
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.data = emptyHistory();
      return this.data;
    }
    const parsed = parseHistory(text);
    if (parsed.ok) {
      if (parsed.dropped > 0) this.options.warn?.(`Run history ${this.path}: left out ${parsed.dropped} record(s) that are not valid.`);
      this.data = capHistory(parsed.data, this.limit);
      return this.data;
    }
    const stamp = (this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    const aside = `${this.path}.corrupt-${stamp}`;
    await fs.rename(this.path, aside);
    this.options.warn?.(`Run history ${this.path} could not be read (${parsed.reason}); it was moved to ${basename(aside)} and a new history was started.`);
    this.data = emptyHistory();
    return this.data;
  }

  async recordsFor(file: string): Promise<UsageRecord[]> {
    return recordsFor(await this.load(), file);
  }

  append(record: UsageRecord): Promise<void> {
    return this.enqueue(async () => {
      this.data = appendRecord(await this.load(), record, this.limit);
      await writeFileAtomic(this.path, serializeHistory(this.data));
    });
  }

  clear(file: string): Promise<void> {
    return this.enqueue(async () => {
      this.data = clearFile(await this.load(), file);
      await writeFileAtomic(this.path, serializeHistory(this.data));
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Temp files left by a process that died mid-write. */
  private async removeStaleTemps(): Promise<void> {
    const prefix = `.${basename(this.path)}.tmp-`;
    const names = await fs.readdir(dirname(this.path)).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      const pid = Number(name.slice(prefix.length).split('-')[0]);
      if (pid === process.pid || isAlive(pid)) continue;
      await fs.rm(join(dirname(this.path), name), { force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
