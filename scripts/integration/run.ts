// `npm run test:integration`: runs the mocha suite in test/integration inside a real VS Code
// workbench (code-server + headless Chromium) and exits 0 (all passed), 1 (failures), 2 (could not
// set up: the message says what to install) or 124 (overall timeout).
//
// Environment:
//   PROMPT_CACHE_TEST_TIMEOUT     seconds for starting the workbench and running the suite,
//                                 provisioning excluded (default 240)
//   PROMPT_CACHE_TEST_TRUST       trusted (default) | untrusted: open the workspace in restricted mode
//   PROMPT_CACHE_TEST_WORKSPACE   folder to open, relative to the repo (default test/fixtures/workspace);
//                                 it is copied to a temp folder first, so tests may edit and save
//   PROMPT_CACHE_TEST_GREP        run only the tests whose full title matches this pattern
//   PROMPT_CACHE_TEST_VERBOSE=1   also stream code-server's and the workbench's own logs
//   PROMPT_CACHE_TEST_KEEP_TEMP=1 keep the run's temp folder (settings, logs, workspace copy)
//   PROMPT_CACHE_UPDATE_SCREENSHOT=1  refresh docs/images/workbench.png from this run
//   CHROMIUM_PATH                 browser binary (default /usr/bin/chromium)
// Everything else (AWS_CONFIG_FILE, PROMPT_CACHE_TEST_EMULATOR_URL, PROMPT_CACHE_TEST_FAIL...) reaches
// the extension host unchanged.
import { spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCodeServer, type CodeServer, type TrustMode } from './codeServer';
import { compileIntegrationTests } from './compileTests';
import { provision, type Provisioned } from './provision';
import { saveScreenshot } from './screenshot';
import { findChromium, SetupError } from './systemCheck';
import { openWorkbench, type Workbench } from './workbench';

const root = resolve(__dirname, '..', '..');
const outputDir = join(root, 'test-output');
/** The index prints this line with mocha's stats; the runner turns it into the tier's count line. */
const STATS_PREFIX = 'integration stats: ';
/** Marks the reporter's lines among everything else the workbench logs. */
const REPORTER_PREFIX = 'mocha| ';

function trustMode(): TrustMode {
  const value = process.env.PROMPT_CACHE_TEST_TRUST ?? 'trusted';
  if (value !== 'trusted' && value !== 'untrusted') throw new SetupError(`PROMPT_CACHE_TEST_TRUST must be trusted or untrusted, not ${value}`);
  return value;
}

function ensureBuilt(): void {
  if (existsSync(join(root, 'dist', 'extension.js'))) return;
  console.log('dist/extension.js is missing: running npm run build');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new SetupError('npm run build failed; the integration tests run the built extension.');
}

interface Stats { passes: number; failures: number; pending: number }

let server: CodeServer | undefined;
let workbench: Workbench | undefined;
let tempDir: string | undefined;

/** Synchronous part of the cleanup, safe to call from an exit handler. */
function cleanupSync(): void {
  server?.stop();
  server = undefined;
  if (tempDir && !process.env.PROMPT_CACHE_TEST_KEEP_TEMP) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

async function cleanup(): Promise<void> {
  await workbench?.close();
  workbench = undefined;
  cleanupSync();
}

interface RunContext {
  chromiumPath: string;
  testsPath: string;
  workspace: string;
  trust: TrustMode;
  verbose: boolean;
}

interface RunResult { exitCode: number; stats?: Stats; blocked: number }

/** Starts code-server and the workbench, and resolves when the test index reports its result. */
async function runInWorkbench(context: RunContext, provisioned: Provisioned): Promise<RunResult> {
  server = await startCodeServer({
    provisioned,
    tempDir: tempDir as string,
    trust: context.trust,
    logFile: join(outputDir, 'code-server.log'),
    verbose: context.verbose,
    env: { PROMPT_CACHE_TEST_OUTPUT_PREFIX: REPORTER_PREFIX },
  });
  const result: RunResult = { exitCode: 1, blocked: 0 };
  // The workbench's own log is long and mostly about itself: kept in a file, streamed only when verbose.
  const workbenchLog = createWriteStream(join(outputDir, 'workbench.log'));
  workbench = await openWorkbench({
    chromiumPath: context.chromiumPath,
    origin: server.origin,
    workspace: context.workspace,
    extensionDevelopmentPath: root,
    extensionTestsPath: context.testsPath,
    tempDir: tempDir as string,
    onLog: (type, text) => {
      if (text.startsWith(REPORTER_PREFIX)) {
        process.stdout.write(`${text.slice(REPORTER_PREFIX.length)}\n`);
        return;
      }
      if (text.startsWith(STATS_PREFIX)) {
        result.stats = JSON.parse(text.slice(STATS_PREFIX.length)) as Stats;
        return;
      }
      if (type === 'blocked') result.blocked++;
      workbenchLog.write(`[${type}] ${text}\n`);
      if (context.verbose) process.stderr.write(`[${type}] ${text}\n`);
    },
  });
  result.exitCode = await workbench.exitCode;
  workbenchLog.end();
  return result;
}

async function main(): Promise<number> {
  const started = Date.now();
  const timeoutSeconds = Number(process.env.PROMPT_CACHE_TEST_TIMEOUT ?? 240);
  const trust = trustMode();
  const verbose = process.env.PROMPT_CACHE_TEST_VERBOSE === '1';
  const workspaceSource = resolve(root, process.env.PROMPT_CACHE_TEST_WORKSPACE ?? 'test/fixtures/workspace');
  if (!existsSync(workspaceSource)) throw new SetupError(`workspace folder ${workspaceSource} does not exist`);

  const chromiumPath = findChromium();
  ensureBuilt();
  const testsPath = await compileIntegrationTests(root);
  const provisioned = await provision(root);

  const runStarted = Date.now();
  mkdirSync(outputDir, { recursive: true });
  tempDir = mkdtempSync(join(tmpdir(), 'prompt-cache-integration-'));
  const workspace = join(tempDir, 'workspace');
  cpSync(workspaceSource, workspace, { recursive: true });

  // The overall limit covers starting the server and the browser too, not only the tests.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout('timeout'), timeoutSeconds * 1000);
  });
  const outcome = await Promise.race([runInWorkbench({ chromiumPath, testsPath, workspace, trust, verbose }, provisioned), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    console.error(`integration tests timed out after ${timeoutSeconds} s (PROMPT_CACHE_TEST_TIMEOUT); logs in test-output/`);
    if (workbench) await saveScreenshot(workbench.page, { outputDir, docsImage: undefined }).catch(() => undefined);
    return 124;
  }

  await saveScreenshot(workbench!.page, {
    outputDir,
    docsImage: join(root, 'docs', 'images', 'workbench.png'),
    update: process.env.PROMPT_CACHE_UPDATE_SCREENSHOT === '1',
  });
  const { exitCode, stats, blocked } = outcome;
  if (blocked) console.log(`${blocked} request(s) to hosts other than 127.0.0.1 were blocked (test-output/workbench.log)`);
  if (exitCode !== 0) console.log('the workbench reported a failure; its log is in test-output/workbench.log');
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  if (stats) console.log(`${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} pending` : ''}`);
  else console.log('the test index reported no stats (did it load? see test-output/workbench.log)');
  console.log(`integration: ${seconds(Date.now() - runStarted)} s in the workbench, ${seconds(Date.now() - started)} s in all`);
  // The workbench's exit code is the authority; a run without stats never counts as a pass.
  if (exitCode !== 0 || !stats) return 1;
  return stats.failures > 0 ? 1 : 0;
}

process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanupSync();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    await cleanup();
    if (error instanceof SetupError) console.error(error.message);
    else console.error(error);
    process.exit(error instanceof SetupError ? 2 : 1);
  });
