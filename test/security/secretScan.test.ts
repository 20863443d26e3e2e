// Known fake secrets in every credential channel (environment keys and session token, the
// credentials file, AWS_BEARER_TOKEN_BEDROCK, an API key passed in), through successful and failing
// runs, in process and through the CLI: nothing the product produces may contain any of them, nor
// a SigV4 signature it computed.
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { BedrockClientFactory, type ClientSettings } from '../../src/aws/clientFactory';
import { runPrompt } from '../../src/aws/promptRunner';
import { redact, redactText } from '../../src/aws/redact';
import { HistoryFile } from '../../src/node/historyFile';
import { startEmulator, type Emulator } from '../../emulator/server';
import { assertNoSecrets, cli, closedPort, SECRETS, secretHome, signaturesSeen, SONNET45, workspace } from './securitySupport';

secretHome();
let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });
beforeEach(() => emulator.reset());

const PROMPT = `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\nBe brief.\n{{role "user"}}\nHello {{name}}.`;
const ENV_KEYS = { AWS_ACCESS_KEY_ID: SECRETS.envAccessKeyId, AWS_SECRET_ACCESS_KEY: SECRETS.envSecretAccessKey, AWS_SESSION_TOKEN: SECRETS.envSessionToken };

type Fault = 'none' | 'denied' | 'throttled' | 'validation' | 'refused';

function inject(fault: Fault): void {
  if (fault === 'denied') emulator.faults.add({ kind: 'error', errorType: 'AccessDeniedException', message: 'User is not authorized to perform bedrock:InvokeModelWithResponseStream' });
  if (fault === 'throttled') emulator.faults.throttle(10);
  // A request the product itself would refuse never reaches Bedrock, so Bedrock's 400 is injected.
  if (fault === 'validation') emulator.faults.add({ kind: 'error', status: 400, errorType: 'ValidationException', message: 'A maximum of 4 blocks with cache_control may be provided. Found 5.' });
}

/** Everything a run hands back or leaves behind, as one text to scan. */
async function runInProcess(client: ClientSettings, fault: Fault, env: NodeJS.ProcessEnv = {}): Promise<{ text: string; kind?: string }> {
  inject(fault);
  const root = workspace({ 'p.prompt': PROMPT });
  const warnings: string[] = [];
  const history = new HistoryFile(join(root, '.history.json'), { warn: (m) => warnings.push(m) });
  const clients = new BedrockClientFactory();
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const endpoint = fault === 'refused' ? `http://127.0.0.1:${await closedPort()}` : emulator.url;
    const result = await runPrompt({
      file: join(root, 'p.prompt'), workspaceRoots: [root], inputs: { name: 'Ada' }, clients, historyStore: history,
      client: { region: 'us-east-1', endpoint, retryDelayMs: () => 5, ...client }, onDelta: () => undefined,
    }).catch((error: Error) => ({ thrown: `${error.message}\n${error.stack}` }));
    const historyText = existsSync(history.path) ? readFileSync(history.path, 'utf8') : '';
    const kind = 'failure' in result ? result.failure?.kind : undefined;
    return { text: [JSON.stringify(result), historyText, ...warnings].join('\n'), kind };
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
    clients.dispose();
  }
}

const CHANNELS: { label: string; client: ClientSettings; env?: NodeJS.ProcessEnv }[] = [
  { label: 'environment keys with a session token', client: {}, env: ENV_KEYS },
  { label: 'the credentials file (profile scan)', client: { profile: 'scan' } },
  { label: 'AWS_BEARER_TOKEN_BEDROCK', client: {}, env: { AWS_BEARER_TOKEN_BEDROCK: SECRETS.bearerEnv } },
  { label: 'an API key passed in', client: { apiKey: SECRETS.apiKey } },
];

describe('no secret in anything runPrompt produces', () => {
  for (const channel of CHANNELS) {
    for (const fault of ['none', 'denied', 'throttled', 'validation', 'refused'] as Fault[]) {
      it(`${channel.label}: ${fault === 'none' ? 'a successful run' : `a run that fails (${fault})`}`, async () => {
        const { text, kind } = await runInProcess(channel.client, fault, channel.env);
        const expected = { none: undefined, denied: 'accessDenied', throttled: 'throttled', validation: 'validation', refused: 'network' }[fault];
        assert.equal(kind, expected, text.slice(0, 400));
        if (fault !== 'refused') assert.ok(emulator.requests.length > 0, 'the request was sent');
        const signatures = signaturesSeen(emulator);
        if (!channel.client.apiKey && !channel.env?.AWS_BEARER_TOKEN_BEDROCK && fault !== 'refused') assert.ok(signatures.length > 0, 'requests were signed');
        assertNoSecrets(text, 'the run result, history and warnings', signatures);
      });
    }
  }

  it('expired credentials: environment keys, a profile and an API key', async () => {
    for (const [client, env] of [
      [{}, { ...ENV_KEYS, AWS_ACCESS_KEY_ID: SECRETS.expiredAccessKeyId }],
      [{ profile: 'expiredfile' }, {}],
      [{ apiKey: SECRETS.expiredApiKey }, {}],
    ] as [ClientSettings, NodeJS.ProcessEnv][]) {
      const { text, kind } = await runInProcess(client, 'none', env);
      assert.equal(kind, 'credentialsExpired');
      assertNoSecrets(text, 'an expired-credentials run', signaturesSeen(emulator));
    }
  });
});

describe('no secret in anything the CLI prints or saves', () => {
  const cases: { label: string; args: string[]; env: NodeJS.ProcessEnv; fault: Fault; code: number; message?: RegExp }[] = [
    { label: 'environment keys, success', args: [], env: ENV_KEYS, fault: 'none', code: 0 },
    { label: 'environment keys, access denied', args: [], env: ENV_KEYS, fault: 'denied', code: 1, message: /Access denied to us\.anthropic/ },
    { label: 'expired environment keys', args: [], env: { ...ENV_KEYS, AWS_ACCESS_KEY_ID: SECRETS.expiredAccessKeyId }, fault: 'none', code: 1, message: /credentials have expired/ },
    { label: 'the credentials file, success', args: ['--profile', 'scan'], env: {}, fault: 'none', code: 0 },
    { label: 'the credentials file, throttled', args: ['--profile', 'scan'], env: {}, fault: 'throttled', code: 1, message: /throttled the request after 3 attempts/ },
    { label: 'an expired key in the credentials file', args: ['--profile', 'expiredfile'], env: {}, fault: 'none', code: 1, message: /credentials of profile "expiredfile" have expired/ },
    { label: 'AWS_BEARER_TOKEN_BEDROCK, success', args: [], env: { AWS_BEARER_TOKEN_BEDROCK: SECRETS.bearerEnv }, fault: 'none', code: 0 },
    { label: 'AWS_BEARER_TOKEN_BEDROCK, validation error', args: [], env: { AWS_BEARER_TOKEN_BEDROCK: SECRETS.bearerEnv }, fault: 'validation', code: 1, message: /Too many cache points/ },
    { label: 'environment keys, connection refused', args: [], env: ENV_KEYS, fault: 'refused', code: 1, message: /Could not reach Bedrock at http:\/\/127\.0\.0\.1:\d+/ },
  ];
  it('a response cache URL with a password, the server down: one warning without the password', async () => {
    inject('none');
    const password = 'redis-pass-9f8e7d6c5b4a';
    const root = workspace({ 'p.prompt': PROMPT });
    const url = `redis://team:${password}@127.0.0.1:${await closedPort()}/0`;
    const { code, stdout, stderr } = await cli(['run', 'p.prompt', '--endpoint', emulator.url, '--input', 'name=Ada', '--response-cache', url, '--json'], root, { env: ENV_KEYS });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /warning: The response cache \(redis:\/\/\[credentials\]@127\.0\.0\.1:\d+\/0\) failed/);
    assert.equal(JSON.parse(stdout).runs[0].replayed, false);
    assert.ok(!`${stdout}\n${stderr}`.includes(password), 'the password is nowhere');
  });

  for (const c of cases) {
    for (const json of [true, false]) {
      it(`${c.label}${json ? ' (--json)' : ''}`, async () => {
        inject(c.fault);
        const root = workspace({ 'p.prompt': PROMPT });
        const endpoint = c.fault === 'refused' ? `http://127.0.0.1:${await closedPort()}` : emulator.url;
        const { code, stdout, stderr } = await cli(['run', 'p.prompt', '--endpoint', endpoint, '--input', 'name=Ada', '--history', 'history.json', ...c.args, ...(json ? ['--json'] : [])], root, { env: c.env });
        assert.equal(code, c.code, stderr);
        if (c.message) assert.match(stderr, c.message);
        const history = readFileSync(join(root, 'history.json'), 'utf8');
        assert.equal(JSON.parse(history).files['p.prompt'].length, 1, 'the run is in the history');
        assertNoSecrets(`${stdout}\n${stderr}\n${history}`, 'the CLI output and history', signaturesSeen(emulator));
        assert.doesNotMatch(`${stdout}\n${stderr}\n${history}`, /Signature=[0-9a-f]/);
      });
    }
  }
});

describe('redact on tricky inputs', () => {
  const cases: [string, string, string][] = [
    ['a SigV4 header in JSON', JSON.stringify({ headers: { Authorization: `AWS4-HMAC-SHA256 Credential=${SECRETS.envAccessKeyId}/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=9f8e7d6c5b4a39281706f5e4d3c2b1a0` } }), '9f8e7d6c5b4a39281706f5e4d3c2b1a0'],
    ['a lowercase authorization header line', `authorization: Bearer ${SECRETS.bearerEnv}\r\nhost: x`, SECRETS.bearerEnv],
    ['a session token header line', `x-amz-security-token: ${SECRETS.envSessionToken}\nx-amz-date: 20260101T000000Z`, SECRETS.envSessionToken],
    ['a presigned URL', `https://h/p?X-Amz-Credential=${SECRETS.envAccessKeyId}%2F20260101&X-Amz-Security-Token=${encodeURIComponent(SECRETS.envSessionToken)}&X-Amz-Signature=abc123`, SECRETS.envSessionToken],
    ['environment assignments', `AWS_SECRET_ACCESS_KEY=${SECRETS.envSecretAccessKey} AWS_SESSION_TOKEN=${SECRETS.envSessionToken}`, SECRETS.envSecretAccessKey],
    ['environment assignments (token)', `AWS_SECRET_ACCESS_KEY=${SECRETS.envSecretAccessKey} AWS_SESSION_TOKEN=${SECRETS.envSessionToken}`, SECRETS.envSessionToken],
    ['credential_process JSON', JSON.stringify({ Version: 1, AccessKeyId: SECRETS.fileAccessKeyId, SecretAccessKey: SECRETS.fileSecretAccessKey, SessionToken: SECRETS.fileSessionToken }), SECRETS.fileSecretAccessKey],
    ['credential_process JSON (token)', JSON.stringify({ SecretAccessKey: SECRETS.fileSecretAccessKey, SessionToken: SECRETS.fileSessionToken }), SECRETS.fileSessionToken],
    ['a credentials file', readFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8'), SECRETS.fileSecretAccessKey],
    ['a credentials file (token)', readFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8'), SECRETS.fileSessionToken],
    ['a bearer env assignment', `export AWS_BEARER_TOKEN_BEDROCK=${SECRETS.bearerEnv}`, SECRETS.bearerEnv],
    ['an API key quoted in an error', `ValidationException: key '${SECRETS.apiKey}' is malformed`, SECRETS.apiKey],
    ['a short-term API key', 'token bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbg== rejected', 'YmVkcm9jay5hbWF6b25hd3MuY29t'],
    ['a password in a Redis URL', 'connect ECONNREFUSED for rediss://team:redis-pass-1a2b3c@cache.internal:6380/0', 'redis-pass-1a2b3c'],
    ['an access key ID keeps only its prefix', `key ${SECRETS.envAccessKeyId} used`, SECRETS.envAccessKeyId],
  ];
  for (const [label, input, secret] of cases) {
    it(label, () => {
      assert.ok(input.includes(secret), 'the case holds its secret');
      const clean = redactText(input);
      assert.ok(!clean.includes(secret), `still there: ${clean}`);
    });
  }

  it('prompt text and model output pass unchanged', () => {
    const text = 'Summarize the contract. The token budget is 200; the signature block is on page 3. Bearer bonds are out of scope.';
    assert.equal(redactText(text), text);
  });

  it('objects: nested secret fields, arrays, errors, bytes and cycles, without changing the input', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const error = Object.assign(new Error(`failed with Authorization: Bearer ${SECRETS.apiKey}`), { name: 'AccessDeniedException' });
    const input = {
      list: [{ credentials: { accessKeyId: SECRETS.envAccessKeyId, secretAccessKey: SECRETS.envSecretAccessKey } }, `x-amz-security-token: ${SECRETS.envSessionToken}`],
      nested: { deeper: { SessionToken: SECRETS.fileSessionToken, apiKey: SECRETS.apiKey, note: 'fine' } },
      error, bytes: new Uint8Array([1, 2, 3]), cyclic,
    };
    const before = JSON.stringify({ ...input, cyclic: undefined });
    const clean = redact(input) as unknown as { error: Error; nested: { deeper: { note: string } }; bytes: unknown };
    const text = JSON.stringify(clean, (_k, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}\n${v.stack}` : v));
    assertNoSecrets(text, 'the redacted object');
    assert.equal(clean.nested.deeper.note, 'fine');
    assert.equal(clean.error.name, 'AccessDeniedException');
    assert.equal(clean.bytes, '[3 bytes]');
    assert.equal(JSON.stringify({ ...input, cyclic: undefined }), before, 'the input is untouched');
  });
});
