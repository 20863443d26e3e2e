/**
 * `check [PATHS…] [--format text|json|sarif|github] [--strict] [--workspace DIR]`: compares the
 * prompts with `prompt-cache.lock.json`. Exit 1 when a locked prefix changed (or a prompt cannot be
 * rendered); 0 when only content after the last cache point changed. Prompts added or removed are
 * reported and fail only with --strict. Exit 2 on usage errors, including a missing lock.
 */
import { parseArgs } from 'node:util';
import { compareWithLock } from '../core/lockComparison';
import { CHECK_FORMATS, checkGithub, checkJson, checkSarif, checkText, type CheckFormat } from '../core/lockReport';
import { LOCK_FILE_NAME } from '../core/prefixLock';
import { readLock, scanPrompts } from '../node/prefixLock';
import { lockTargets } from './lockTargets';
import { UsageError } from './usageError';
import { CHECK_USAGE } from './usages';


export async function checkCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { format: { type: 'string' }, strict: { type: 'boolean' }, workspace: { type: 'string' } },
  });
  const format = (values.format ?? 'text') as CheckFormat;
  if (!CHECK_FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}": use ${CHECK_FORMATS.join(', ')}.`);
  const targets = lockTargets(positionals, values.workspace, CHECK_USAGE);
  let lock;
  try {
    lock = readLock(targets.root);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!lock) throw new UsageError(`no ${LOCK_FILE_NAME} in ${targets.root}: run \`prompt-cache lock\` first.`);
  const scan = await scanPrompts(targets.root, targets.files);
  const strict = values.strict === true;
  const check = compareWithLock(lock, scan.prompts, { inScope: targets.inScope, strict, errors: scan.errors });
  switch (format) {
    case 'json': out(checkJson(check)); break;
    case 'sarif': out(JSON.stringify(checkSarif(check, strict), null, 2)); break;
    case 'github': { const text = checkGithub(check, strict); if (text) out(text); break; }
    default: out(checkText(check, strict));
  }
  return check.ok ? 0 : 1;
}
