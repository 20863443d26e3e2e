// Starts code-server (VS Code's server and web workbench) for one test run: bound to 127.0.0.1 on a
// port the OS picks, without auth, with every folder it would write to inside the run's temp
// folder, and with the smoke-test driver on, without which a built VS Code ignores test paths.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Provisioned } from './provision';
import { SetupError } from './systemCheck';

export type TrustMode = 'trusted' | 'untrusted';

export interface CodeServerOptions {
  provisioned: Provisioned;
  /** The run's temp folder; code-server's home, config, data and XDG dirs go below it. */
  tempDir: string;
  trust: TrustMode;
  /** Where code-server's own output goes (for diagnosing a failed start). */
  logFile: string;
  /** Extra environment for the extension host (fixture credential files, emulator URL...). */
  env?: NodeJS.ProcessEnv;
  /** User settings added to the quiet defaults (the emulator endpoint...). */
  settings?: Record<string, unknown>;
  /**
   * Settings of the server machine. The workbench is remote to code-server's extension host:
   * settings of machine scope (the endpoint, profile, region) count only from here, not from the
   * browser user's settings; application-scoped ones only from the user's.
   */
  machineSettings?: Record<string, unknown>;
  verbose?: boolean;
}

export interface CodeServer {
  port: number;
  origin: string;
  stop(): void;
}

/**
 * User settings for a quiet, deterministic workbench. With trust disabled every folder counts as
 * trusted; the untrusted mode turns trust on without ever prompting, so the folder opens in
 * restricted mode the way a user who declined trust would see it.
 */
export function userSettings(trust: TrustMode, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...extra,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    // 'off', not false: the workbench migrates false to 'off' by rewriting this file mid-run.
    'extensions.autoUpdate': 'off',
    'extensions.ignoreRecommendations': true,
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'editor.minimap.enabled': false,
    'git.enabled': false,
    'security.workspace.trust.enabled': trust === 'untrusted',
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
    'security.workspace.trust.untrustedFiles': 'open',
    'security.workspace.trust.emptyWindow': false,
  };
}

/** The environment code-server (and so the extension host) runs with: the caller's, but homeless. */
function serverEnv(tempDir: string, extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  // A parent VS Code or npm must not steer the server (IPC hooks, node options, npm's own config).
  for (const key of Object.keys(env)) {
    if (/^(VSCODE_|ELECTRON_)|^NODE_OPTIONS$|^npm_/.test(key)) delete env[key];
    // The machine's AWS identity never reaches the tests: only what the runner passes in `extra`.
    if (key.startsWith('AWS_') && !(extra && key in extra)) delete env[key];
  }
  const home = join(tempDir, 'home');
  const xdg = { XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data', XDG_CACHE_HOME: 'cache', XDG_STATE_HOME: 'state', XDG_RUNTIME_DIR: 'runtime' };
  for (const [key, sub] of Object.entries(xdg)) {
    env[key] = join(home, sub);
    mkdirSync(env[key] as string, { recursive: true, mode: 0o700 });
  }
  // The home folder is the temp one too: nothing lands in the user's, and the SDK finds no ~/.aws
  // unless a test points AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at fixture files.
  env.HOME = home;
  // An empty gallery switches the marketplace off: no extension queries or update checks leave
  // the machine (code-server would otherwise ask open-vsx about the built-in extensions).
  env.EXTENSIONS_GALLERY = '{}';
  return env;
}

/** Resolves with the port once code-server prints that it listens; rejects if it exits first. */
function waitForListening(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new SetupError(`code-server did not start listening within ${timeoutMs / 1000} s:\n${seen.slice(-3000)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /HTTP server listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new SetupError(`code-server exited before listening (code ${code}, signal ${signal}):\n${seen.slice(-3000)}`));
    });
  });
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { tempDir, provisioned } = options;
  const userDataDir = join(tempDir, 'user-data');
  const extensionsDir = join(tempDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings(options.trust, options.settings), null, 2));
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(options.machineSettings ?? {}, null, 2));
  const config = join(tempDir, 'code-server.yaml');
  writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');

  const args = [
    provisioned.codeServerEntry,
    '--config', config,
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = spawn(provisioned.node, args, {
    // The caller's folder (the repo under npm), so relative paths in env vars such as
    // AWS_CONFIG_FILE mean in the extension host what they mean on the command line.
    cwd: process.cwd(),
    env: serverEnv(tempDir, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() also ends the extension hosts and watchers it forks.
    detached: true,
  });
  const log = createWriteStream(options.logFile);
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (options.verbose) process.stderr.write(chunk);
    });
  }

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    log.end();
  };
  try {
    const port = await waitForListening(child, 60_000);
    return { port, origin: `http://127.0.0.1:${port}`, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
