/**
 * `lock [PATHS…] [--workspace DIR]`: writes `prompt-cache.lock.json` at the workspace root with the
 * rendered prefix of every cache point of the prompts under PATHS (the whole workspace when none).
 * Entries of other prompts are kept; locked prompts under PATHS that are gone are dropped. Running
 * it after an intended change accepts the change.
 */
import { parseArgs } from 'node:util';
import { LockFormatError } from '../core/prefixLock';
import { updateLock } from '../node/prefixLock';
import { lockTargets } from './lockTargets';
import { UsageError } from './usageError';
import { LOCK_USAGE } from './usages';


export async function lockCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { workspace: { type: 'string' } } });
  const targets = lockTargets(positionals, values.workspace, LOCK_USAGE);
  let result;
  try {
    result = await updateLock(targets.root, targets.files, targets.inScope, positionals.length === 0);
  } catch (error) {
    if (error instanceof LockFormatError) throw new UsageError(error.message);
    throw error;
  }
  for (const e of result.errors) process.stderr.write(`prompt-cache lock: ${e.file}: ${e.message}\n`);
  const s = (n: number) => (n === 1 ? '' : 's');
  out(`${result.written ? 'Wrote' : 'Unchanged:'} ${result.path} (${result.prompts} prompt${s(result.prompts)}, ${result.cachePoints} cache point${s(result.cachePoints)} under the given paths).`);
  return result.errors.length > 0 ? 1 : 0;
}
