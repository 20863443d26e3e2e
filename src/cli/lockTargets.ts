/** What `lock` and `check` work on: the workspace root, the prompts under the given paths, and their scope. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findPrompts, lockKey, lockRoot, scopeOf } from '../node/prefixLock';
import { UsageError } from './usageError';

export interface LockTargets {
  root: string;
  files: string[];
  inScope: (file: string) => boolean;
}

export function lockTargets(paths: readonly string[], workspace: string | undefined, usage: string): LockTargets {
  const absolute = paths.map((p) => resolve(p));
  for (const [i, path] of absolute.entries()) {
    if (!existsSync(path)) throw new UsageError(`cannot read ${paths[i]}: no such file or folder. Usage: ${usage}`);
  }
  const root = lockRoot(absolute, workspace);
  if (!root) throw new UsageError('no workspace folder: the prompts lie in the home folder or at the filesystem root. Pass --workspace DIR.');
  for (const [i, path] of absolute.entries()) {
    if (path !== root && !lockKey(root, path)) throw new UsageError(`${paths[i]} is outside the workspace ${root}: pass --workspace DIR.`);
  }
  const searched = absolute.length > 0 ? absolute : [root];
  return { root, files: findPrompts(searched), inScope: scopeOf(root, absolute) };
}
