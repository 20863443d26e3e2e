// Shared setup for the trust, secret and fault tests: a private HOME whose AWS files hold known
// fake secrets, temp workspaces, the CLI as a child process, and a scan that fails on any secret.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Emulator } from '../../emulator/server';

/** Fake secrets, one per credential channel; none may ever appear in anything the product produces. */
export const SECRETS = {
  envAccessKeyId: 'AKIASCANENVKEY000001',
  envSecretAccessKey: 'envSecret/ScanValue+0123456789abcdefGHIJ',
  envSessionToken: 'FwoGZXIvYXdzScanSessionToken0123456789abcdefEnv',
  fileAccessKeyId: 'AKIASCANFILEKEY00001',
  fileSecretAccessKey: 'fileSecret/ScanValue+abcdef0123456789KLMN',
  fileSessionToken: 'FwoGZXIvYXdzScanSessionTokenFromFile987654321',
  expiredAccessKeyId: 'EXPIREDSCANKEY000001',
  expiredSecretAccessKey: 'expiredSecret/ScanValue+ffee0123456789OPQR',
  bearerEnv: 'ABSKScanBearerFromEnvironment0123456789abcdefgh',
  apiKey: 'ABSKScanApiKeyPassedIn0123456789abcdefghijklmn',
  expiredApiKey: 'expiredScanApiKey0123456789abcdefghijk',
} as const;

export const SONNET45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

/**
 * Isolates this process from the machine's AWS configuration with a fake HOME whose
 * `.aws/credentials` holds the file secrets (profiles `default`, `scan`, `expiredfile`).
 */
export function secretHome(): { home: string; credentialsFile: string; configFile: string } {
  const home = mkdtempSync(join(tmpdir(), 'pcs-sec-home-'));
  const aws = join(home, '.aws');
  mkdirSync(aws, { recursive: true });
  const credentialsFile = join(aws, 'credentials');
  const configFile = join(aws, 'config');
  writeCredentials(credentialsFile, SECRETS.fileAccessKeyId);
  writeFileSync(configFile, '[default]\nregion = us-east-1\n[profile scan]\nregion = us-east-1\n[profile expiredfile]\nregion = us-east-1\n');
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  process.env.AWS_CONFIG_FILE = configFile;
  process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
  for (const key of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_BEARER_TOKEN_BEDROCK', 'AWS_AUTH_SCHEME_PREFERENCE', 'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN']) delete process.env[key];
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  return { home, credentialsFile, configFile };
}

/** Writes the credentials file; `scanKeyId` is the key of profiles `default` and `scan`. */
export function writeCredentials(path: string, scanKeyId: string): void {
  writeFileSync(path, [
    '[default]', `aws_access_key_id = ${scanKeyId}`, `aws_secret_access_key = ${SECRETS.fileSecretAccessKey}`, `aws_session_token = ${SECRETS.fileSessionToken}`,
    '[scan]', `aws_access_key_id = ${scanKeyId}`, `aws_secret_access_key = ${SECRETS.fileSecretAccessKey}`, `aws_session_token = ${SECRETS.fileSessionToken}`,
    '[expiredfile]', `aws_access_key_id = ${SECRETS.expiredAccessKeyId}`, `aws_secret_access_key = ${SECRETS.expiredSecretAccessKey}`, '',
  ].join('\n'));
}

/** A workspace folder holding the given files; returns its path. */
export function workspace(files: Record<string, string | Uint8Array>, parent = tmpdir()): string {
  const root = mkdtempSync(join(parent, 'pcs-sec-ws-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

/** SigV4 `Signature=` values the emulator saw: secrets as much as the keys that made them. */
export function signaturesSeen(emulator: Emulator): string[] {
  return emulator.requests.flatMap((r) => /Signature=([0-9a-f]+)/.exec(r.headers.authorization ?? '')?.[1] ?? []);
}

/** Fails when any secret (or a known signature) occurs in `text`; names where, never the secret. */
export function assertNoSecrets(text: string, where: string, extra: readonly string[] = []): void {
  for (const [name, secret] of [...Object.entries(SECRETS), ...extra.map((s, i) => [`signature ${i + 1}`, s] as const)]) {
    assert.ok(!text.includes(secret), `${name} leaked into ${where}`);
  }
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const CLI = resolve(__dirname, '../../src/cli.ts');
// The child runs in a temp folder, so the loader is named by its resolved location.
const TSX = pathToFileURL(require.resolve('tsx')).href;

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** Largest file the child may write, in KiB (`ulimit -f`): a disk that fills up. */
  fileSizeLimitKiB?: number;
  /** Called once the child is started, e.g. to signal it. */
  started?: (child: ChildProcess) => void;
}

/** Runs `prompt-cache ARGS` in `cwd` as a user would; the environment is this process's plus `env`. */
export function cli(args: string[], cwd: string, options: CliOptions = {}): Promise<CliResult> {
  const command = [process.execPath, '--import', TSX, CLI, ...args];
  const [file, argv] = options.fileSizeLimitKiB === undefined
    ? [command[0], command.slice(1)]
    : ['bash', ['-c', `ulimit -f ${options.fileSizeLimitKiB} && exec "$@"`, 'bash', ...command]];
  return new Promise((done, fail) => {
    const child = spawn(file, argv, { cwd, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
    options.started?.(child);
  });
}
