/**
 * The CLI launcher starts the bundle beside it with V8's compiled code when that code was made from
 * exactly this source, and compiles as usual otherwise, always running the command.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../support/paths';

const LAUNCHER = join(REPO_ROOT, 'src', 'cli', 'codeCacheLauncher.ts');

/** A stand-in CLI bundle: prints a word, and the folder it was started with. */
const bundle = (word: string) => `exports.startCli = (dir) => { process.stdout.write(${JSON.stringify(word)} + ' from ' + dir); };\n`;

function launch(dir: string, mode?: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', `require(${JSON.stringify(LAUNCHER)}).launch(${JSON.stringify(dir)})`], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, PROMPT_CACHE_CODE_CACHE: mode ?? '' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function folderWith(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-launcher-'));
  writeFileSync(join(dir, 'cli-main.js'), source);
  return dir;
}

/** A folder holding the stand-in bundle and the cache a first run wrote for it. */
function cachedFolderWith(source: string): string {
  const dir = folderWith(source);
  launch(dir, 'write');
  return dir;
}

describe('CLI code cache launcher', () => {
  it('writes the cache on exit, then starts from it', () => {
    const dir = folderWith(bundle('hello'));
    assert.equal(launch(dir, 'report').stderr, 'code cache: none\n');
    const written = launch(dir, 'write');
    assert.equal(written.stdout, `hello from ${dir}`);
    assert.ok(readFileSync(join(dir, 'cli-main.cache')).length > 32, 'a digest and V8 data');
    const cached = launch(dir, 'report');
    assert.equal(cached.stderr, 'code cache: used\n');
    assert.equal(cached.stdout, `hello from ${dir}`);
  });

  it('ignores a cache made from another source, even one of the same length', () => {
    const dir = cachedFolderWith(bundle('hello'));
    writeFileSync(join(dir, 'cli-main.js'), bundle('jello'));
    const run = launch(dir, 'report');
    assert.equal(run.stderr, 'code cache: none\n');
    assert.equal(run.stdout, `jello from ${dir}`);
  });

  it('runs the command when V8 rejects the cached data, and when told to ignore it', () => {
    const dir = cachedFolderWith(bundle('hello'));
    const file = readFileSync(join(dir, 'cli-main.cache'));
    writeFileSync(join(dir, 'cli-main.cache'), Buffer.concat([file.subarray(0, 32), Buffer.from('not V8 code at all')]));
    const rejected = launch(dir, 'report');
    assert.equal(rejected.stderr, 'code cache: rejected\n');
    assert.equal(rejected.stdout, `hello from ${dir}`);
    assert.equal(launch(dir, 'off').stdout, `hello from ${dir}`);
  });

  it('a part required from beside the bundle on first use loads from the cache too', () => {
    const dir = folderWith(`exports.startCli = async (dir) => {
  const part = await Promise.resolve().then(() => require('./part.js'));
  process.stdout.write(part.word + ' from ' + dir);
};\n`);
    writeFileSync(join(dir, 'part.js'), "exports.word = 'parted';\n");
    launch(dir, 'write');
    const run = launch(dir, 'report');
    assert.equal(run.stderr, 'code cache: used\n');
    assert.equal(run.stdout, `parted from ${dir}`);
  });

  it('names the missing bundle and exits 2, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcs-launcher-'));
    const run = launch(dir);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, `prompt-cache: cannot read ${join(dir, 'cli-main.js')} (ENOENT): run npm run build.\n`);
  });
});
