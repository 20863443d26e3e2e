// `npm run test:desktop`: the same suite in desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code from Microsoft's update servers. Where that download is
// impossible (no network), it says so in one line and exits 1 instead of hanging. On Linux without
// a display, run it under xvfb-run.
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { userSettings, type TrustMode } from './codeServer';
import { compileIntegrationTests } from './compileTests';
import { fixtureAwsEnv, startEmulatorProcess } from './emulator';
import { ensureBuilt } from './ensureBuilt';
import { SetupError } from './systemCheck';

const root = resolve(__dirname, '..', '..');
/** Seconds to wait for the download to start making progress before calling it unreachable. */
const DOWNLOAD_TIMEOUT_MS = 20_000;

async function download(): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`)), DOWNLOAD_TIMEOUT_MS);
  });
  try {
    return await Promise.race([downloadAndUnzipVSCode({ version: 'stable', cachePath: join(root, '.vscode-test'), timeout: DOWNLOAD_TIMEOUT_MS }), limit]);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new SetupError(`test:desktop cannot download VS Code on this machine (${reason}); use npm run test:integration instead.`);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<number> {
  const trust = (process.env.PROMPT_CACHE_TEST_TRUST ?? 'trusted') as TrustMode;
  ensureBuilt(root);
  const extensionTestsPath = await compileIntegrationTests(root);
  const vscodeExecutablePath = await download();

  const tempDir = mkdtempSync(join(tmpdir(), 'prompt-cache-desktop-'));
  // The same emulator, settings and fake credentials as the code-server route (docs/testing.md).
  const emulator = await startEmulatorProcess(root, join(tempDir, 'emulator.log'));
  try {
    const workspace = join(tempDir, 'workspace');
    const defaultWorkspace = trust === 'untrusted' ? 'test/fixtures/untrusted' : 'test/fixtures/workspace';
    cpSync(resolve(root, process.env.PROMPT_CACHE_TEST_WORKSPACE ?? defaultWorkspace), workspace, { recursive: true });
    const userDataDir = join(tempDir, 'user-data');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    const settings = { 'promptCache.endpoint': emulator.url, 'promptCache.confirmBeforeRun': false };
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings(trust, settings), null, 2));
    // The extension host inherits this process's environment: the machine's AWS identity goes first.
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath,
      extensionTestsEnv: { ...fixtureAwsEnv(root), PROMPT_CACHE_TEST_EMULATOR_URL: emulator.url, PROMPT_CACHE_TEST_TRUST: trust },
      launchArgs: [
        workspace,
        '--user-data-dir', userDataDir,
        '--extensions-dir', join(tempDir, 'extensions'),
        '--disable-extensions',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-telemetry',
        '--disable-updates',
      ],
    });
  } finally {
    emulator.stop();
    rmSync(tempDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof SetupError) console.error(error.message);
    // runTests rejects with "Test run failed with code N" when tests fail.
    else console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
