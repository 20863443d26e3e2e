// Checks the integration runner's exit codes end to end: a failing test in the workbench must fail
// the tier, a hung run must end with 124, and a missing browser must be a one-line setup error.
// The first two start a real code-server and Chromium (provisioned into .vscode-test/ on first use).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../support/paths';

const root = REPO_ROOT;
const runner = join(root, 'scripts', 'integration', 'run.ts');

function runRunner(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, ...env };
    delete childEnv.PROMPT_CACHE_UPDATE_SCREENSHOT;
    const child = spawn(process.execPath, ['--import', 'tsx', runner], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('close', (code) => resolve({ code, output }));
  });
}

// Provisioning code-server the first time takes a few minutes on two cores.
const slow = { timeout: 15 * 60_000 };

test('a failing test in the workbench makes the runner exit 1 and count it', slow, async () => {
  const { code, output } = await runRunner({
    PROMPT_CACHE_TEST_FAIL: '1',
    // One passing and the deliberately failing test are enough to prove the counting.
    PROMPT_CACHE_TEST_GREP: 'deliberate failure|workspace trust',
  });
  assert.equal(code, 1, output);
  assert.match(output, /^1 passed, 1 failed$/m);
  assert.match(output, /deliberate failure requested by PROMPT_CACHE_TEST_FAIL=1/);
});

test('a run that outlives PROMPT_CACHE_TEST_TIMEOUT exits 124', slow, async () => {
  const { code, output } = await runRunner({ PROMPT_CACHE_TEST_TIMEOUT: '1' });
  assert.equal(code, 124, output);
  assert.match(output, /timed out after 1 s/);
});

test('a missing browser is reported as a setup problem, not a stack trace', async () => {
  const { code, output } = await runRunner({ CHROMIUM_PATH: join(root, 'no-such-chromium') });
  assert.equal(code, 2, output);
  assert.match(output, /CHROMIUM_PATH points at .*no-such-chromium, which does not exist/);
  assert.doesNotMatch(output, /\n\s+at /);
});
