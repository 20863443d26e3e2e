// Starts the bundled Bedrock emulator (dist/emulator.js) for one integration run, so the suite can
// run prompts from the editor with the real AWS SDK over real HTTP, and still send nothing beyond
// 127.0.0.1. The extension host is pointed at it through the user settings and the environment.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SetupError } from './systemCheck';

export interface EmulatorProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  stop(): void;
}

/** The line dist/emulator.js prints once it listens. */
const LISTENING = /Bedrock emulator listening on (http:\/\/127\.0\.0\.1:\d+)/;

/**
 * Fake static credentials and a region for the extension host. They replace every AWS_* variable
 * of the caller, so a run never signs with (or even sees) the machine's own credentials or profile.
 */
export function fixtureAwsEnv(root: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'AKIAINTEGRATIONFIXTURE',
    AWS_SECRET_ACCESS_KEY: 'integration-fixture-secret',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(root, 'test', 'fixtures', 'aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(root, 'test', 'fixtures', 'aws', 'credentials'),
  };
}

export function startEmulatorProcess(root: string, logFile: string, timeoutMs = 20_000): Promise<EmulatorProcess> {
  const entry = join(root, 'dist', 'emulator.js');
  if (!existsSync(entry)) throw new SetupError('dist/emulator.js is missing: run npm run build first.');
  const child = spawn(process.execPath, [entry, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  return new Promise((resolve, reject) => {
    let seen = '';
    const fail = (message: string) => {
      clearTimeout(timer);
      stop();
      reject(new SetupError(`${message}:\n${seen.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`the emulator did not print its URL within ${timeoutMs / 1000} s`), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = LISTENING.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
      resolve({ url: match[1], stop });
    };
    const onExit = (code: number | null) => fail(`the emulator exited (code ${code}) before listening`);
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', onExit);
  });
}
