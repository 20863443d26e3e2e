/**
 * `lock [PATHS…] [--workspace DIR]`: writes `prompt-cache.lock.json` at the workspace root with the
 * rendered prefix of every cache point of the prompts under PATHS (the whole workspace when none).
 * Entries of other prompts are kept; locked prompts under PATHS that are gone are dropped. Running
 * it after an intended change accepts the change.
 */
import { parseArgs } from 'node:util';
import { serializeLock } from '../core/prefixLock';
import { emptyLock, lockPath, readLock, scanPrompts, writeLockFile } from '../node/prefixLock';
import { lockTargets } from './lockTargets';
import { UsageError } from './usageError';

export const LOCK_USAGE = 'lock [PATHS...] [--workspace DIR]';

export async function lockCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { workspace: { type: 'string' } } });
  const targets = lockTargets(positionals, values.workspace, LOCK_USAGE);
  let lock;
  try {
    lock = readLock(targets.root) ?? emptyLock();
  } catch (error) {
    // A lock that cannot be read is replaced only when it covers nothing else: the whole workspace.
    if (positionals.length > 0) throw new UsageError((error as Error).message);
    lock = emptyLock();
  }
  const scan = await scanPrompts(targets.root, targets.files);
  for (const e of scan.errors) process.stderr.write(`prompt-cache lock: ${e.file}: ${e.message}\n`);
  const failed = new Set(scan.errors.map((e) => e.file));
  for (const file of Object.keys(lock.prompts)) {
    // A prompt that fails to render keeps its old entry: the check will report it.
    if (targets.inScope(file) && !failed.has(file)) delete lock.prompts[file];
  }
  for (const [file, prompt] of scan.prompts) lock.prompts[file] = prompt.entry;
  const written = writeLockFile(targets.root, serializeLock(lock));
  const points = [...scan.prompts.values()].reduce((n, p) => n + p.entry.cachePoints.length, 0);
  out(`${written ? 'Wrote' : 'Unchanged:'} ${lockPath(targets.root)} (${scan.prompts.size} prompt${scan.prompts.size === 1 ? '' : 's'}, ${points} cache point${points === 1 ? '' : 's'} under the given paths).`);
  return scan.errors.length > 0 ? 1 : 0;
}
