// Where tests find third-party data (the Dotprompt spec suite, real-world prompt corpora): it stays
// outside the repository, in the shared folder beside it, and is read from there, never copied in.
// A clone from a public host has no such folder, so a test that needs it asks here and is skipped,
// with the reason and the path it looked in, instead of failing.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './paths';

/** Names the shared folder when it is not `../shared` beside the repository. */
export const SHARED_ENV = 'PROMPT_CACHE_SHARED';

/** A piece of shared data: where it is (or was looked for) and, when it is absent, why tests skip. */
export interface SharedData {
  path: string;
  /** `false` when the data is there; otherwise the reason, ready for node:test's `skip` option. */
  skip: false | string;
}

/** The shared folder: `$PROMPT_CACHE_SHARED` (relative to the working folder) or `<repo>/../shared`. */
export function sharedRoot(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[SHARED_ENV]?.trim();
  return configured ? resolve(configured) : resolve(REPO_ROOT, '..', 'shared');
}

/** `relativePath` inside the shared folder, e.g. `conformance/dotprompt-spec`. */
export function sharedData(relativePath: string, env: NodeJS.ProcessEnv = process.env): SharedData {
  const path = join(sharedRoot(env), relativePath);
  if (existsSync(path)) return { path, skip: false };
  return {
    path,
    skip: `shared data not found: ${path} (third-party data kept outside the repository; `
      + `set ${SHARED_ENV} to the shared folder that holds ${relativePath})`,
  };
}
