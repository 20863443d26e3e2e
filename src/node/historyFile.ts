/**
 * The run history on disk. Every write goes to a temporary file that is flushed and then renamed
 * over the old one, so a crash or a killed process leaves either the old history or the new one,
 * never half of one. A file that does not parse is moved aside (`*.corrupt-<timestamp>`) with a
 * warning, and a new history starts.
 *
 * Several processes may share one history (the editor and a CLI run, two CLI runs at once): each
 * write holds a lock file and re-reads the history under it, so no writer drops another's record.
 * The lock file holds its owner's process ID, so a lock left by a killed process is taken over at
 * once rather than after a staleness timeout (which is why no mtime-only lock library is used).
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
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    // A half-written temp file on a full disk would only take more of the space that ran out.
    await fs.rm(temp, { force: true });
    throw error;
  }
  // The rename itself is durable only once the folder's entry is flushed (not possible on Windows).
  const dir = await fs.open(dirname(path), 'r').catch(() => undefined);
  if (dir) await dir.sync().catch(() => undefined).finally(() => dir.close());
}

/** A history write that failed (full disk, no permission, a folder that is a file…). */
export class HistoryWriteError extends Error {
  constructor(readonly path: string, override readonly cause: unknown) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    const reason = (code && WRITE_FAILURES[code]) ?? (cause as Error)?.message ?? String(cause);
    super(`The run history could not be saved to ${path} (${reason}${code ? `; ${code}` : ''}). The history saved before is unchanged; this run's output and usage are still shown.`);
    this.name = 'HistoryWriteError';
  }
}

/** What a failed write means to the user, by error code. */
const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is used up', EFBIG: 'the file is larger than the disk or quota allows',
  EROFS: 'the disk is read-only', EACCES: 'no permission to write there', EPERM: 'no permission to write there',
  ENOTDIR: 'part of the path is a file, not a folder', EEXIST: 'part of the path is a file, not a folder',
  ELOCKED: 'another process keeps the history locked',
};

/** A lock older than this is abandoned whoever holds it (a write takes milliseconds). */
const STALE_LOCK_MS = 60_000;
/** How long a writer waits for another process's lock before giving up. */
const LOCK_WAIT_MS = 20_000;

/** Takes the lock file (`open wx`, holding our PID); waits while a live process holds it. */
async function acquireLock(lockPath: string, tempPath: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  // The lock appears with its owner already in it: written aside, then hard-linked into place
  // (link fails when the lock exists), so no reader ever sees a lock without a PID.
  await fs.writeFile(tempPath, `${process.pid}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.link(tempPath, lockPath).catch((error: NodeJS.ErrnoException) => {
          // File systems without hard links: exclusive create (a kill in between leaves an empty lock, taken over when stale).
          if (['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(error.code ?? '')) return fs.writeFile(lockPath, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
          throw error;
        });
        return () => fs.rm(lockPath, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (await removeAbandonedLock(lockPath)) continue;
      if (Date.now() > deadline) throw Object.assign(new Error(`another process has held the lock ${basename(lockPath)} for over ${LOCK_WAIT_MS / 1000} s`), { code: 'ELOCKED' });
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, 5 * 1.5 ** attempt)));
    }
  } finally {
    await fs.rm(tempPath, { force: true });
  }
}

/** The lock's owner: its PID, and whether the lock is abandoned (owner dead, or lock too old). */
async function lockOwner(lockPath: string): Promise<{ pid: number; abandoned: boolean } | undefined> {
  const [text, stat] = await Promise.all([fs.readFile(lockPath, 'utf8').catch(() => undefined), fs.stat(lockPath).catch(() => undefined)]);
  if (text === undefined || !stat) return undefined;
  const pid = Number(text.trim());
  const old = Date.now() - stat.mtimeMs > STALE_LOCK_MS;
  const dead = Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid);
  return { pid, abandoned: old || dead };
}

/** Removes a lock its owner can no longer release. True when one was removed. */
async function removeAbandonedLock(lockPath: string): Promise<boolean> {
  const owner = await lockOwner(lockPath);
  if (!owner?.abandoned) return false;
  // Moved aside first, so two processes cleaning up at once cannot both remove a fresh lock.
  const aside = `${lockPath}.abandoned-${process.pid}-${randomBytes(4).toString('hex')}`;
  if (!await fs.rename(lockPath, aside).then(() => true, () => false)) return false;
  const moved = await lockOwner(aside);
  if (moved && !moved.abandoned) await fs.link(aside, lockPath).catch(() => undefined); // someone's fresh lock: put it back
  await fs.rm(aside, { force: true });
  return true;
}

export class HistoryFile {
  private data: HistoryData | undefined;
  /** Appends from one process are queued so that none overwrites another's record. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string, private readonly options: HistoryFileOptions = {}) {}

  private get lockPath(): string {
    return `${this.path}.lock`;
  }

  private get limit(): number {
    return this.options.limit ?? DEFAULT_HISTORY_LIMIT;
  }

  /** Reads the file (once); a corrupt file is moved aside and an empty history returned. */
  async load(): Promise<HistoryData> {
    this.data ??= await this.readFromDisk();
    return this.data;
  }

  private async readFromDisk(): Promise<HistoryData> {
    await this.removeStaleTemps();
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return emptyHistory();
    }
    const parsed = parseHistory(text);
    if (parsed.ok) {
      if (parsed.dropped > 0) this.options.warn?.(`Run history ${this.path}: left out ${parsed.dropped} record(s) that are not valid.`);
      return capHistory(parsed.data, this.limit);
    }
    const stamp = (this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    const aside = `${this.path}.corrupt-${stamp}`;
    await fs.rename(this.path, aside);
    this.options.warn?.(`Run history ${this.path} could not be read (${parsed.reason}); it was moved to ${basename(aside)} and a new history was started.`);
    return emptyHistory();
  }

  async recordsFor(file: string): Promise<UsageRecord[]> {
    return recordsFor(await this.load(), file);
  }

  /** Adds a record. Rejects with a HistoryWriteError (also told to `warn`) when it cannot be saved. */
  append(record: UsageRecord): Promise<void> {
    return this.update((data) => appendRecord(data, record, this.limit));
  }

  clear(file: string): Promise<void> {
    return this.update((data) => clearFile(data, file));
  }

  /** Read, change, write under the lock: what other processes wrote meanwhile is kept. */
  private update(change: (data: HistoryData) => HistoryData): Promise<void> {
    return this.enqueue(async () => {
      try {
        await fs.mkdir(dirname(this.path), { recursive: true });
        const release = await acquireLock(this.lockPath, join(dirname(this.path), `.${basename(this.path)}.tmp-${process.pid}-lock-${randomBytes(4).toString('hex')}`));
        try {
          const next = change(await this.readFromDisk());
          await writeFileAtomic(this.path, serializeHistory(next));
          this.data = next;
        } finally {
          await release().catch(() => undefined);
        }
      } catch (error) {
        const failure = error instanceof HistoryWriteError ? error : new HistoryWriteError(this.path, error);
        this.options.warn?.(failure.message);
        throw failure;
      }
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Temp files and the lock left by a process that died mid-write. */
  private async removeStaleTemps(): Promise<void> {
    await removeAbandonedLock(this.lockPath);
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
