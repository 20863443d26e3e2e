/**
 * `dist/cli.js`: starts the command line bundle beside it (`cli-main.js`) with V8's compiled code
 * for it (`cli-main.cache`). A CLI process is short: compiling the 0.8 MB bundle and then each
 * function as a command first calls it was ≈ 40 ms of `analyze` on a 1 MB prompt. The build writes
 * the cache after a run over examples/ (scripts/build.mjs), so the first run has it too.
 *
 * The cache is used only for the exact source it was made from (its SHA-256 heads the file; V8 itself
 * checks only the source's length) and only by the Node.js and flags that made it (V8 checks those
 * and compiles as usual otherwise). Anything wrong with it costs the compile, never the command.
 * PROMPT_CACHE_CODE_CACHE: `off` ignores the cache, `report` says on stderr whether it was used,
 * `write` writes it when the process exits.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { constants, Script } from 'node:vm';

interface CliMain { startCli(bundleDir: string): void }

const DIGEST_BYTES = 32;

function cachedCode(path: string, digest: Buffer): Buffer | undefined {
  try {
    const file = readFileSync(path);
    return file.subarray(0, DIGEST_BYTES).equals(digest) ? file.subarray(DIGEST_BYTES) : undefined;
  } catch {
    return undefined;
  }
}

export function launch(dir: string): void {
  const main = join(dir, 'cli-main.js');
  const cachePath = join(dir, 'cli-main.cache');
  const mode = process.env.PROMPT_CACHE_CODE_CACHE;
  let source: string;
  try {
    source = readFileSync(main, 'utf8');
  } catch (error) {
    process.stderr.write(`prompt-cache: cannot read ${main} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): run npm run build.\n`);
    process.exitCode = 2;
    return;
  }
  // Code compiled here can make a dynamic import() only with the main context's loader (Node.js
  // 20.12 on), and code started from the cache not even then: so the bundle requires its separate
  // parts instead (scripts/bundlePlugins.mjs), and an older Node.js loads it the plain way.
  const loader = (constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (mode === 'off' || !loader) {
    if (mode === 'report') process.stderr.write('code cache: none\n');
    (createRequire(main)(main) as CliMain).startCli(dir);
    return;
  }
  const digest = createHash('sha256').update(source).digest();
  const cachedData = mode === 'write' ? undefined : cachedCode(cachePath, digest);
  const script = new Script(Module.wrap(source), { filename: main, cachedData, importModuleDynamically: loader as never });
  if (mode === 'report') process.stderr.write(`code cache: ${!cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  const module = { exports: {} as CliMain };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(main), module, main, dir);
  if (mode === 'write') {
    // At exit every function the command ran has been compiled, and the cache holds them all.
    process.once('exit', () => writeFileSync(cachePath, Buffer.concat([digest, script.createCachedData()])));
  }
  module.exports.startCli(dir);
}

if (require.main === module) launch(__dirname);
