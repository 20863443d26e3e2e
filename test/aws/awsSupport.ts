// Shared setup for the AWS-layer tests: a private HOME with fixture AWS config files (fake keys
// only; the machine's own profiles and keys never reach a test), prompt files in a temp
// workspace, and a client factory aimed at the local emulator.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { BedrockClientFactory, type ClientSettings } from '../../src/aws/clientFactory';
import type { Emulator } from '../../emulator/server';

const FIXTURES = resolve(__dirname, '../fixtures/aws');

/** Isolates this test process from the machine's AWS configuration. Returns the fake HOME. */
export function isolateAwsEnvironment(): string {
  const home = mkdtempSync(join(tmpdir(), 'pcs-aws-home-'));
  const aws = join(home, '.aws');
  mkdirSync(join(aws, 'sso', 'cache'), { recursive: true });
  const processHelper = join(aws, 'credentialProcess.cjs');
  copyFileSync(join(FIXTURES, 'credentialProcess.cjs'), processHelper);
  const config = readFileSync(join(FIXTURES, 'config'), 'utf8').replace('node credentialProcess.cjs', `${JSON.stringify(process.execPath)} ${JSON.stringify(processHelper)}`);
  writeFileSync(join(aws, 'config'), config);
  copyFileSync(join(FIXTURES, 'credentials'), join(aws, 'credentials'));
  // An SSO token that expired long ago, where the SSO provider looks for it (sha1 of the start URL).
  const startUrl = /sso_start_url = (\S+)/.exec(config)![1];
  writeFileSync(join(aws, 'sso', 'cache', `${createHash('sha1').update(startUrl).digest('hex')}.json`),
    JSON.stringify({ accessToken: 'fixture-expired-sso-token', expiresAt: '2020-01-01T00:00:00Z', region: 'us-east-1', startUrl }));
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  process.env.AWS_CONFIG_FILE = join(aws, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(aws, 'credentials');
  for (const key of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_BEARER_TOKEN_BEDROCK', 'AWS_AUTH_SCHEME_PREFERENCE', 'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN']) delete process.env[key];
  // The instance-metadata provider would otherwise try a link-local address at the end of the chain.
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  return home;
}

export const FAKE_KEYS = { accessKeyId: 'AKIAEMULATORTEST0001', secretAccessKey: 'emulator-test-secret' };

/** Settings for a client aimed at the emulator; fast retries so throttling tests stay quick. */
export function emulatorSettings(emulator: Emulator, extra: ClientSettings = {}): ClientSettings {
  return { region: 'us-east-1', endpoint: emulator.url, credentials: FAKE_KEYS, retryDelayMs: () => 5, ...extra };
}

export function factory(): BedrockClientFactory {
  return new BedrockClientFactory();
}

/** A workspace folder holding the given files; returns its path. */
export function workspace(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'pcs-ws-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

/** Text that is `n` repetitions of a distinct sentence: enough tokens to clear a cache minimum. */
export function longText(seed: string, sentences: number): string {
  return Array.from({ length: sentences }, (_, i) => `${seed} clause ${i}: the parties agree to the terms stated here.`).join('\n');
}
