// Every failure a run can meet, produced for real by the emulator (or the credential chain) and
// mapped to its specific message: access, profiles, throttling, validation, credentials, network,
// broken and cancelled streams, and cache points the model refuses.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runConverseStream } from '../../src/aws/converseStream';
import { runPrompt, type RunPromptOptions } from '../../src/aws/promptRunner';
import type { ConverseRequest } from '../../src/core/converseTypes';
import { startEmulator, type Emulator } from '../../emulator/server';
import { catalogWith } from '../../src/core/modelResolver';
import { emulatorSettings, factory, isolateAwsEnvironment, longText, workspace } from './awsSupport';

isolateAwsEnvironment();
let emulator: Emulator;
const clients = factory();
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { clients.dispose(); await emulator.close(); });
beforeEach(() => emulator.reset());

const SONNET4 = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

function run(source: string, extra: Partial<RunPromptOptions> = {}) {
  const root = workspace({ 'p.prompt': source });
  return runPrompt({ file: join(root, 'p.prompt'), workspaceRoots: [root], clients, ...extra, client: emulatorSettings(emulator, extra.client) });
}

const simple = (model: string, body = 'Hello there.') => `---\nmodel: ${model}\n---\n${body}`;

describe('Bedrock errors before the stream', () => {
  it('access denied names the model, the region and the model access page', async () => {
    emulator.faults.add({ kind: 'error', errorType: 'AccessDeniedException', message: "You don't have access to the model with the specified model ID." });
    const { failure, records } = await run(simple(SONNET4), { client: { region: 'eu-central-1' } });
    assert.equal(failure?.kind, 'accessDenied');
    assert.match(failure!.message, /Access denied to us\.anthropic\.claude-sonnet-4-20250514-v1:0 in eu-central-1: You don't have access/);
    assert.equal(failure!.consoleUrl, 'https://eu-central-1.console.aws.amazon.com/bedrock/home?region=eu-central-1#/modelaccess');
    assert.ok(failure!.message.includes(failure!.consoleUrl!));
    assert.equal(records[0].complete, false);
    assert.equal(records[0].error, failure!.message);
  });

  it('a bare Claude 4.x ID asks for an inference profile and offers us. and global. variants', async () => {
    const { failure } = await run(simple('anthropic.claude-sonnet-4-20250514-v1:0'));
    assert.equal(failure?.kind, 'profileRequired');
    assert.deepEqual(failure!.suggestedModelIds, ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'global.anthropic.claude-sonnet-4-20250514-v1:0']);
    assert.match(failure!.message, /must be called through an inference profile/);
  });

  it('retries throttling and succeeds when it clears', async () => {
    emulator.faults.throttle(2);
    const { failure, records } = await run(simple(SONNET4));
    assert.equal(failure, undefined);
    assert.equal(records[0].complete, true);
    assert.deepEqual(emulator.requests.map((r) => [r.attempt, r.status]), [[1, 429], [2, 429], [3, 200]]);
  });

  it('reports throttling after the retries are used up, with the attempt count', async () => {
    emulator.faults.throttle(5);
    const { failure } = await run(simple(SONNET4));
    assert.equal(failure?.kind, 'throttled');
    assert.equal(emulator.requests.length, 3);
    assert.match(failure!.message, /throttled the request after 3 attempts/);
  });

  it('a validation error points at the cache point it names', async () => {
    // A 400 the local check cannot foresee (Bedrock's rules move faster than any catalog): the
    // request path in Bedrock's message is mapped back to the template line.
    emulator.faults.add({ kind: 'error', status: 400, errorType: 'ValidationException', times: 1,
      message: 'Malformed input request: messages.1.content.1: the cachePoint is not permitted here.' });
    const source = `---\nmodel: ${SONNET4}\n---\n{{role "user"}}\nHello\n{{role "model"}}\nOk\n{{cachePoint}}\n{{role "user"}}\nAgain`;
    const { failure } = await run(source);
    assert.equal(failure?.kind, 'validation');
    assert.match(failure!.message, /the \{\{cachePoint\}\} on line 8, request messages\.1\.content\.1/);
    assert.equal(failure!.site?.line, 7);
  });

  it('too many cache points: the 400 from Bedrock says so when a catalog row allowed more', async () => {
    const body = [1, 2, 3, 4, 5].map((i) => `Part ${i}\n{{cachePoint}}`).join('\n') + '\nEnd';
    const { failure } = await run(simple(SONNET4, body), { catalog: catalogWith([{ id: 'anthropic.claude-sonnet-4-20250514-v1:0', maxPoints: 8 }]) });
    assert.equal(failure?.kind, 'validation');
    assert.match(failure!.message, /Too many cache points: Bedrock allows 4 per request/);
  });

  it('a message holding only a cache point is refused before anything is sent, naming the line', async () => {
    const source = `---\nmodel: ${SONNET4}\n---\n{{role "user"}}\nHello\n{{role "model"}}\n{{cachePoint}}\n{{role "user"}}\nAgain`;
    await assert.rejects(run(source), /line 7: message 2 would hold only a cache point/);
    assert.equal(emulator.requests.length, 0);
  });

  it('unknown model', async () => {
    const { failure } = await run(simple('anthropic.claude-nonexistent-v9:0'));
    assert.equal(failure?.kind, 'modelNotFound');
    assert.match(failure!.message, /does not know the model "anthropic\.claude-nonexistent-v9:0" in us-east-1/);
  });

  it('network failure names the endpoint', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { failure } = await run(simple(SONNET4), { client: { endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 } });
    assert.equal(failure?.kind, 'network');
    assert.match(failure!.message, new RegExp(`Could not reach Bedrock at http://127\\.0\\.0\\.1:${port}`));
  });
});

describe('credentials', () => {
  it('expired keys of a profile suggest aws sso login for that profile', async () => {
    const { failure } = await run(simple(SONNET4), { client: { credentials: undefined, profile: 'expired' } });
    assert.equal(emulator.requests[0].auth, undefined);
    assert.equal(failure?.kind, 'credentialsExpired');
    assert.match(failure!.message, /credentials of profile "expired" have expired.*aws sso login --profile expired/);
  });

  it('an expired SSO session suggests aws sso login without calling Bedrock', async () => {
    const { failure } = await run(simple(SONNET4), { client: { credentials: undefined, profile: 'ssoexpired' } });
    assert.equal(failure?.kind, 'ssoExpired');
    assert.match(failure!.message, /SSO session of profile "ssoexpired" has expired\. Run `aws sso login --profile ssoexpired`/);
    assert.equal(emulator.requests.length, 0);
  });

  it('a missing profile says no credentials could be loaded', async () => {
    const { failure } = await run(simple(SONNET4), { client: { credentials: undefined, profile: 'nosuchprofile' } });
    assert.equal(failure?.kind, 'credentialsMissing');
    assert.match(failure!.message, /No AWS credentials could be loaded for profile "nosuchprofile"/);
  });

  it('profiles from the config files sign requests (static keys and credential_process)', async () => {
    await run(simple(SONNET4), { client: { credentials: undefined, profile: 'fixture' } });
    await run(simple(SONNET4), { client: { credentials: undefined, profile: 'fromprocess' } });
    assert.deepEqual(emulator.requests.map((r) => r.auth?.scheme === 'sigv4' ? r.auth.accessKeyId : r.auth?.scheme), ['AKIAFIXTUREPROFILE01', 'AKIAFROMPROCESS00001']);
  });

  it('a Bedrock API key is sent as a bearer token, from settings or AWS_BEARER_TOKEN_BEDROCK', async () => {
    await run(simple(SONNET4), { client: { credentials: undefined, apiKey: 'ABSKfixtureKeyForTests0001' } });
    process.env.AWS_BEARER_TOKEN_BEDROCK = 'ABSKfixtureKeyFromEnvironment01';
    try {
      await run(simple(SONNET4), { client: { credentials: undefined } });
    } finally {
      delete process.env.AWS_BEARER_TOKEN_BEDROCK;
    }
    assert.deepEqual(emulator.requests.map((r) => r.auth), [{ scheme: 'bearer', tokenPreview: 'ABSK…' }, { scheme: 'bearer', tokenPreview: 'ABSK…' }]);
    assert.equal(emulator.requests[0].headers.authorization, 'Bearer ABSKfixtureKeyForTests0001');
    assert.equal(emulator.requests[1].headers.authorization, 'Bearer ABSKfixtureKeyFromEnvironment01');
  });

  it('an expired API key says to create a new one', async () => {
    const { failure } = await run(simple(SONNET4), { client: { credentials: undefined, apiKey: 'expired-fixture-key' } });
    assert.equal(failure?.kind, 'credentialsExpired');
    assert.match(failure!.message, /Bedrock API key has expired/);
    assert.ok(!failure!.cause.includes('expired-fixture-key'));
  });
});

describe('prompt caching the model refuses', () => {
  const withPoint = (model: string) => `---\nmodel: ${model}\n---\n${longText('Rule', 5)}\n{{cachePoint}}\nQuestion?`;

  it('retries without cache points when the policy says so, and records that it did', async () => {
    const { failure, records, retriedWithoutCachePoints, request } = await run(withPoint('meta.llama3-70b-instruct-v1:0'), { onCacheUnsupported: 'retryWithout' });
    assert.equal(failure, undefined);
    assert.equal(retriedWithoutCachePoints, true);
    assert.deepEqual(emulator.requests.map((r) => r.status), [403, 200]);
    assert.match(emulator.requests[0].errorMessage!, /unsupported model or your request did not allow prompt caching/);
    assert.ok(!JSON.stringify(emulator.requests[1].body).includes('cachePoint'));
    assert.ok(!JSON.stringify(request).includes('cachePoint'));
    assert.equal(records.length, 1);
    assert.equal(records[0].cachePointsDropped, true);
    assert.deepEqual(records[0].cachePoints, []);
  });

  it('asks, and fails with cacheUnsupported when the answer is no', async () => {
    const asked: string[] = [];
    const { failure } = await run(withPoint('meta.llama3-70b-instruct-v1:0'), { onCacheUnsupported: 'ask', ask: async (f) => { asked.push(f.kind); return false; } });
    assert.deepEqual(asked, ['cacheUnsupported']);
    assert.equal(failure?.kind, 'cacheUnsupported');
    assert.match(failure!.message, /does not support prompt caching.*Retry without cache points/);
    assert.equal(emulator.requests.length, 1);
  });

  it('Nova refuses a cache point after the tools: cacheUnsupported naming cache.tools', async () => {
    const source = `---\nmodel: amazon.nova-pro-v1:0\ncache.tools: true\nbedrock.tools: [{name: lookup}]\n---\nHello`;
    const { failure } = await run(source, { onCacheUnsupported: 'fail', catalog: catalogWith([{ id: 'amazon.nova-pro-v1:0', fields: ['tools', 'system', 'messages'] }]) });
    assert.equal(failure?.kind, 'cacheUnsupported');
    assert.match(failure!.message, /does not take a cache point after the tool definitions.*cache\.tools: true/);
  });

  it('Nova refuses the 1-hour TTL: cacheUnsupported naming the TTL', async () => {
    const source = `---\nmodel: amazon.nova-pro-v1:0\n---\nHello\n{{cachePoint ttl="1h"}}\nAgain`;
    const { failure } = await run(source, { onCacheUnsupported: 'fail', catalog: catalogWith([{ id: 'amazon.nova-pro-v1:0', ttls: ['5m', '1h'] }]) });
    assert.equal(failure?.kind, 'cacheUnsupported');
    assert.match(failure!.message, /does not support the 1-hour cache TTL/);
  });
});

describe('streams that break, stall or are cancelled', () => {
  const request: ConverseRequest = { modelId: SONNET4, messages: [{ role: 'user', content: [{ text: 'Tell me something long.' }] }] };
  const client = () => clients.get(emulatorSettings(emulator)).client;

  it('an exception frame mid-stream keeps the partial output and marks the run incomplete', async () => {
    emulator.faults.streamException(4, 'modelStreamErrorException');
    const result = await runConverseStream(client(), request);
    assert.equal(result.complete, false);
    assert.equal(result.failure?.kind, 'streamBroken');
    assert.match(result.failure!.message, /stream broke after output had started.*output so far is kept/);
    assert.ok(result.text.length > 0);
    assert.ok(`Emulated reply from ${SONNET4}: `.startsWith(result.text) || result.text.startsWith('Emulated'), result.text);
    assert.equal(emulator.requests.length, 1, 'mid-stream errors are not retried');
  });

  it('a dropped connection mid-stream keeps the partial output', async () => {
    emulator.faults.drop(3);
    const result = await runConverseStream(client(), request);
    assert.equal(result.complete, false);
    assert.equal(result.failure?.kind, 'streamBroken');
    assert.ok(result.text.startsWith('Emulated'));
  });

  it('cancel mid-stream stops the call, keeps the output so far and says cancelled', async () => {
    emulator.faults.slowStream(30);
    const controller = new AbortController();
    const closed = emulator.nextClosed();
    const result = await runConverseStream(client(), request, { signal: controller.signal, onDelta: () => controller.abort() });
    assert.equal(result.failure?.kind, 'cancelled');
    assert.equal(result.complete, false);
    assert.ok(result.text.length > 0);
    assert.match(result.failure!.message, /Run cancelled; the output so far is kept/);
    const record = await closed;
    assert.equal(record.outcome, 'aborted', 'the emulator saw the client go away');
  });

  it('a stalled stream times out with the output so far', async () => {
    emulator.faults.stall(3);
    const result = await runConverseStream(client(), request, { idleTimeoutMs: 200 });
    assert.equal(result.failure?.kind, 'timeout');
    assert.equal(result.complete, false);
    assert.ok(result.text.length > 0);
  });
});

describe('work done while the answer streams', () => {
  const request: ConverseRequest = { modelId: SONNET4, messages: [{ role: 'user', content: [{ text: 'Tell me something long.' }] }] };
  const client = () => clients.get(emulatorSettings(emulator)).client;

  it('runs once, right after the first text is handed on and before the second', async () => {
    emulator.faults.slowStream(20);
    const seen: string[] = [];
    const result = await runConverseStream(client(), request, { whileStreaming: () => seen.push('work'), onDelta: () => seen.push('delta') });
    assert.equal(result.complete, true);
    assert.deepEqual(seen.slice(0, 3), ['delta', 'work', 'delta']);
    assert.equal(seen.filter((s) => s === 'work').length, 1);
  });

  it('a failure in it costs the run nothing', async () => {
    const result = await runConverseStream(client(), request, { whileStreaming: () => { throw new Error('bookkeeping broke'); } });
    assert.equal(result.complete, true);
    assert.equal(result.failure, undefined);
    assert.ok(result.text.startsWith('Emulated'));
  });

  it('a request sent several times is fingerprinted once', async () => {
    const { records } = await run(simple(SONNET4), { times: 3 });
    assert.equal(records.length, 3);
    assert.ok(records[0].fingerprint);
    assert.equal(records[1].fingerprint, records[0].fingerprint);
    assert.equal(records[2].fingerprint, records[0].fingerprint);
  });
});
