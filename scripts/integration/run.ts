// `npm run test:integration`: runs the mocha suite in test/integration inside a real VS Code
// workbench (code-server + headless Chromium) and exits 0 (all passed), 1 (failures), 2 (could not
// set up: the message says what to install) or 124 (overall timeout).
//
// Environment:
//   PROMPT_CACHE_TEST_TIMEOUT     seconds for starting the workbench and running the suite,
//                                 provisioning excluded (default 240)
//   PROMPT_CACHE_TEST_TRUST       trusted (default) | untrusted: open the workspace in restricted mode and
//                                 run only test/integration/*.untrusted.test.ts (the trusted run skips those)
//   PROMPT_CACHE_TEST_WORKSPACE   folder to open, relative to the repo (default test/fixtures/workspace,
//                                 or test/fixtures/untrusted when untrusted); it is copied to a temp
//                                 folder first, so tests may edit and save
//   PROMPT_CACHE_TEST_GREP        run only the tests whose full title matches this pattern
//   PROMPT_CACHE_TEST_VERBOSE=1   also stream code-server's and the workbench's own logs
//   PROMPT_CACHE_TEST_KEEP_TEMP=1 keep the run's temp folder (settings, logs, workspace copy)
//   PROMPT_CACHE_UPDATE_SCREENSHOT=1  refresh docs/images/workbench.png from this run
//   CHROMIUM_PATH                 browser binary (default /usr/bin/chromium)
//   PROMPT_CACHE_TEST_EMULATOR_URL  use this running emulator instead of starting dist/emulator.js
// The runner starts the Bedrock emulator, points the user setting promptCache.endpoint at it, turns
// promptCache.confirmBeforeRun off and gives the extension host fake AWS credentials in place of
// every AWS_* variable of the caller. Other variables (PROMPT_CACHE_TEST_FAIL...) reach the
// extension host unchanged.
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCodeServer, type CodeServer, type TrustMode } from './codeServer';
import { compileIntegrationTests } from './compileTests';
import { fixtureAwsEnv, startEmulatorProcess, type EmulatorProcess } from './emulator';
import { ensureBuilt } from './ensureBuilt';
import { answerProbe, parseProbe } from './probes';
import { provision, type Provisioned } from './provision';
import { saveScreenshot } from './screenshot';
import { findChromium, SetupError } from './systemCheck';
import type { Page } from 'playwright-core';
import { openWorkbench } from './workbench';

const root = resolve(__dirname, '..', '..');
/** Where logs and pictures go; the untrusted run keeps its own so it never overwrites the other's. */
let outputDir = join(root, 'test-output');
/** The index prints this line with mocha's stats; the runner turns it into the tier's count line. */
const STATS_PREFIX = 'integration stats: ';
/** Marks the reporter's lines among everything else the workbench logs. */
const REPORTER_PREFIX = 'mocha| ';
/** The index prints this once the showcase file shows its lenses, then waits for SHOWCASE_ACK. */
const SHOWCASE_READY = 'integration showcase ready';

function trustMode(): TrustMode {
  const value = process.env.PROMPT_CACHE_TEST_TRUST ?? 'trusted';
  if (value !== 'trusted' && value !== 'untrusted') throw new SetupError(`PROMPT_CACHE_TEST_TRUST must be trusted or untrusted, not ${value}`);
  return value;
}

interface Stats { passes: number; failures: number; pending: number }

let server: CodeServer | undefined;
let emulator: EmulatorProcess | undefined;
/** Resolves with a way to close the browser once it runs (undefined if it never started). */
let browserLaunched: Promise<(() => Promise<void>) | undefined> | undefined;
/** The workbench page once loaded, for the screenshot (also after a timeout). */
let page: Page | undefined;
let tempDir: string | undefined;
let shuttingDown = false;

/** Synchronous part of the cleanup, safe to call from an exit handler; never throws. */
function cleanupSync(): void {
  server?.stop();
  server = undefined;
  emulator?.stop();
  emulator = undefined;
  if (tempDir && !process.env.PROMPT_CACHE_TEST_KEEP_TEMP) {
    try {
      rmSync(tempDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch (error) {
      console.error(`could not remove ${tempDir}: ${(error as Error).message}`);
    }
  }
  tempDir = undefined;
}

/** Stops the server, waits for the browser (even one still starting) to close, then removes the temp folder. */
async function cleanup(): Promise<void> {
  shuttingDown = true;
  server?.stop();
  if (browserLaunched) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const notStarting = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), 30_000); });
    const close = await Promise.race([browserLaunched, notStarting]);
    clearTimeout(timer);
    await close?.();
  }
  cleanupSync();
}

interface RunContext {
  chromiumPath: string;
  testsPath: string;
  workspace: string;
  trust: TrustMode;
  verbose: boolean;
  emulatorUrl: string;
}

interface RunResult { exitCode: number; stats?: Stats; blocked: number; screenshot?: Promise<void> }

/** Screenshots the showcase, then tells the waiting test index (by creating `ack`) that it may finish. */
async function takeScreenshot(target: Page, ack: string): Promise<void> {
  try {
    await saveScreenshot(target, {
      outputDir,
      docsImage: join(root, 'docs', 'images', 'workbench.png'),
      update: process.env.PROMPT_CACHE_UPDATE_SCREENSHOT === '1',
    });
  } catch (error) {
    console.error(`screenshot failed: ${(error as Error).message}`);
  } finally {
    writeFileSync(ack, 'taken\n');
  }
}

/** Starts code-server and the workbench, and resolves when the test index reports its result. */
async function runInWorkbench(context: RunContext, provisioned: Provisioned): Promise<RunResult> {
  const showcaseAck = join(tempDir as string, 'showcase.ack');
  const probeDir = join(tempDir as string, 'probes');
  mkdirSync(probeDir);
  server = await startCodeServer({
    provisioned,
    tempDir: tempDir as string,
    trust: context.trust,
    logFile: join(outputDir, 'code-server.log'),
    verbose: context.verbose,
    env: {
      ...fixtureAwsEnv(root),
      PROMPT_CACHE_TEST_OUTPUT_PREFIX: REPORTER_PREFIX,
      PROMPT_CACHE_TEST_SHOWCASE_ACK: context.trust === 'trusted' ? showcaseAck : undefined,
      PROMPT_CACHE_TEST_PROBE_DIR: probeDir,
      PROMPT_CACHE_TEST_EMULATOR_URL: context.emulatorUrl,
      PROMPT_CACHE_TEST_TRUST: context.trust,
    },
    // User settings, which an untrusted workspace cannot override for the restricted keys.
    settings: { 'promptCache.endpoint': context.emulatorUrl, 'promptCache.confirmBeforeRun': false },
    machineSettings: { 'promptCache.endpoint': context.emulatorUrl },
  });
  const result: RunResult = { exitCode: 1, blocked: 0 };
  // The workbench's own log is long and mostly about itself: kept in a file, streamed only when verbose.
  const workbenchLog = createWriteStream(join(outputDir, 'workbench.log'));
  let reportLaunch: (close: (() => Promise<void>) | undefined) => void = () => undefined;
  browserLaunched = new Promise((resolve) => { reportLaunch = resolve; });
  const opening = openWorkbench({
    chromiumPath: context.chromiumPath,
    origin: server.origin,
    workspace: context.workspace,
    extensionDevelopmentPath: root,
    extensionTestsPath: context.testsPath,
    tempDir: tempDir as string,
    onLaunched: reportLaunch,
    onLog: (type, text) => {
      if (text.startsWith(REPORTER_PREFIX)) {
        process.stdout.write(`${text.slice(REPORTER_PREFIX.length)}\n`);
        return;
      }
      const probe = parseProbe(text);
      if (probe) {
        void answerProbe(page, probe, probeDir, join(outputDir, `probe-${probe.kind}-failed.png`), join(outputDir, 'workbench-usage-panel.png'), outputDir);
        return;
      }
      if (text === SHOWCASE_READY && page) {
        result.screenshot = takeScreenshot(page, showcaseAck);
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
  opening.catch(() => reportLaunch(undefined));
  const workbench = await opening;
  page = workbench.page;
  result.exitCode = await workbench.exitCode;
  workbenchLog.end();
  return result;
}

async function main(): Promise<number> {
  const started = Date.now();
  const timeoutSeconds = Number(process.env.PROMPT_CACHE_TEST_TIMEOUT ?? 240);
  const trust = trustMode();
  const verbose = process.env.PROMPT_CACHE_TEST_VERBOSE === '1';
  const defaultWorkspace = trust === 'untrusted' ? 'test/fixtures/untrusted' : 'test/fixtures/workspace';
  const workspaceSource = resolve(root, process.env.PROMPT_CACHE_TEST_WORKSPACE ?? defaultWorkspace);
  if (!existsSync(workspaceSource)) throw new SetupError(`workspace folder ${workspaceSource} does not exist`);

  const chromiumPath = findChromium();
  ensureBuilt(root);
  const testsPath = await compileIntegrationTests(root);
  const provisioned = await provision(root);

  const runStarted = Date.now();
  if (trust === 'untrusted') outputDir = join(outputDir, 'untrusted');
  mkdirSync(outputDir, { recursive: true });
  tempDir = mkdtempSync(join(tmpdir(), 'prompt-cache-integration-'));
  const workspace = join(tempDir, 'workspace');
  cpSync(workspaceSource, workspace, { recursive: true });

  // The overall limit covers starting the server and the browser too, not only the tests.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout('timeout'), timeoutSeconds * 1000);
  });
  const running = (async () => {
    let emulatorUrl = process.env.PROMPT_CACHE_TEST_EMULATOR_URL;
    if (!emulatorUrl) {
      emulator = await startEmulatorProcess(root, join(outputDir, 'emulator.log'));
      emulatorUrl = emulator.url;
    }
    return runInWorkbench({ chromiumPath, testsPath, workspace, trust, verbose, emulatorUrl }, provisioned);
  })();
  // After a timeout the cleanup pulls the server and browser away from under this promise: its
  // late rejection is expected and must not crash the process before it exits with 124.
  running.catch(() => undefined);
  const outcome = await Promise.race([running, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    console.error(`integration tests timed out after ${timeoutSeconds} s (PROMPT_CACHE_TEST_TIMEOUT); logs in test-output/`);
    if (page) await saveScreenshot(page, { outputDir, docsImage: undefined, waitForLenses: false }).catch(() => undefined);
    return 124;
  }

  // A run whose showcase never appeared still leaves a picture of the workbench to look at.
  if (outcome.screenshot) await outcome.screenshot;
  else if (page) await saveScreenshot(page, { outputDir, docsImage: undefined, waitForLenses: false }).catch(() => undefined);
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
// Tearing the browser down while Playwright is still setting up the page makes its connection
// throw asynchronously; once the outcome is decided, those errors are noise, not a result.
process.on('uncaughtException', (error) => {
  if (shuttingDown) return;
  console.error(error);
  cleanupSync();
  process.exit(1);
});
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
