// Every Bedrock error the emulator reproduces, as the SDK surfaces it: status, exception name and
// exact message, with no retry for client errors.
import { ConverseCommand, type ConverseCommandInput, ConverseStreamCommand, CountTokensCommand } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cachePoint, clientFor, NOVA_PRO, SONNET_4, SONNET_4_5, textOfTokens, userMessage } from './testSupport';

let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });
beforeEach(() => emulator.reset());

interface Expected { status: number; name: string; message: string | RegExp }

async function expectError(send: () => Promise<unknown>, expected: Expected): Promise<void> {
  await assert.rejects(send, (error: Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }) => {
    assert.equal(error.name, expected.name);
    if (typeof expected.message === 'string') assert.equal(error.message, expected.message);
    else assert.match(error.message, expected.message);
    assert.equal(error.$metadata?.httpStatusCode, expected.status);
    assert.equal(error.$metadata?.attempts, 1, 'client errors are not retried');
    return true;
  });
  const last = emulator.requests.at(-1);
  assert.equal(last?.status, expected.status);
  assert.equal(last?.errorType, expected.name);
}

function converse(input: ConverseCommandInput) {
  const client = clientFor(emulator);
  return () => client.send(new ConverseCommand(input)).finally(() => client.destroy());
}

const hi = [userMessage({ text: 'hi' })];

describe('cache point errors', () => {
  it('rejects a fifth cache point', async () => {
    await expectError(converse({
      modelId: SONNET_4_5,
      toolConfig: { tools: [{ toolSpec: { name: 't', inputSchema: { json: { type: 'object' } } } }, cachePoint()] },
      system: [{ text: 'a' }, cachePoint(), { text: 'b' }, cachePoint()],
      messages: [userMessage({ text: 'c' }, cachePoint(), { text: 'd' }, cachePoint())],
    }), { status: 400, name: 'ValidationException', message: 'A maximum of 4 blocks with cache_control may be provided. Found 5.' });
  });

  it('rejects a cache point in Nova tools', async () => {
    await expectError(converse({
      modelId: NOVA_PRO,
      toolConfig: { tools: [{ toolSpec: { name: 't', inputSchema: { json: { type: 'object' } } } }, cachePoint()] },
      messages: hi,
    }), { status: 400, name: 'ValidationException', message: /extraneous key \[cachePoint\] is not permitted/ });
  });

  it('rejects a 1h TTL on Nova', async () => {
    await expectError(converse({ modelId: NOVA_PRO, system: [{ text: 'a' }, cachePoint('1h')], messages: hi }),
      { status: 400, name: 'ValidationException', message: 'Extended TTL prompt caching is only supported for Anthropic models' });
  });

  it('rejects a 1h point after a 5m point', async () => {
    await expectError(converse({ modelId: SONNET_4_5, system: [{ text: 'a' }, cachePoint('5m'), { text: 'b' }, cachePoint('1h')], messages: hi }),
      { status: 400, name: 'ValidationException', message: /ttl='1h' must not come after a cache point with ttl='5m'/ });
  });

  it('denies cache points on a model without prompt caching', async () => {
    await expectError(converse({ modelId: 'meta.llama3-70b-instruct-v1:0', system: [{ text: 'a' }, cachePoint()], messages: hi }),
      { status: 403, name: 'AccessDeniedException', message: /^You invoked an unsupported model or your request did not allow prompt caching/ });
  });

  it('rejects a message that holds only a cache point', async () => {
    await expectError(converse({ modelId: SONNET_4, messages: [userMessage(cachePoint())] }),
      { status: 400, name: 'ValidationException', message: /messages\.0 holds only a cachePoint/ });
  });

  it('rejects a cache point right after a reasoning block', async () => {
    await expectError(converse({
      modelId: SONNET_4,
      messages: [...hi, { role: 'assistant', content: [{ reasoningContent: { reasoningText: { text: 'thinking', signature: 's' } } }, cachePoint()] }, userMessage({ text: 'more' })],
    }), { status: 400, name: 'ValidationException', message: /cachePoint cannot directly follow a reasoningContent block/ });
  });

  it('reports the error before streaming on ConverseStream', async () => {
    const client = clientFor(emulator);
    await expectError(() => client.send(new ConverseStreamCommand({ modelId: NOVA_PRO, system: [{ text: textOfTokens(10) }, cachePoint('1h')], messages: hi })),
      { status: 400, name: 'ValidationException', message: 'Extended TTL prompt caching is only supported for Anthropic models' });
    client.destroy();
  });
});

describe('model ID errors', () => {
  it('asks for an inference profile when a Claude 4.x base ID is called on demand', async () => {
    await expectError(converse({ modelId: 'anthropic.claude-sonnet-4-20250514-v1:0', messages: hi }), {
      status: 400, name: 'ValidationException',
      message: "Invocation of model ID anthropic.claude-sonnet-4-20250514-v1:0 with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.",
    });
  });

  it('accepts every geography prefix of an inference profile', async () => {
    for (const prefix of ['us.', 'eu.', 'apac.', 'jp.', 'au.', 'global.', 'us-gov.']) {
      const client = clientFor(emulator);
      const response = await client.send(new ConverseCommand({ modelId: `${prefix}anthropic.claude-opus-4-5-20251101-v1:0`, messages: hi }));
      assert.equal(response.stopReason, 'end_turn', prefix);
      client.destroy();
    }
  });

  it('answers 404 for an unknown model', async () => {
    await expectError(converse({ modelId: 'acme.unknown-model-v1:0', messages: hi }),
      { status: 404, name: 'ResourceNotFoundException', message: 'Could not resolve the foundation model from the provided model identifier.' });
  });

  it('refuses to count tokens for a profile ID or for Nova', async () => {
    for (const modelId of [SONNET_4, NOVA_PRO]) {
      const client = clientFor(emulator);
      await expectError(() => client.send(new CountTokensCommand({ modelId, input: { converse: { messages: hi } } })),
        { status: 400, name: 'ValidationException', message: "The provided model doesn't support counting tokens." });
      client.destroy();
    }
  });
});

describe('error wire format', () => {
  it('sends the status, x-amzn-ErrorType and a {"message"} body', async () => {
    const response = await fetch(`${emulator.url}/model/${encodeURIComponent('acme.nothing')}/converse`, {
      method: 'POST', headers: { authorization: 'Bearer wire-test', 'content-type': 'application/json' }, body: JSON.stringify({ messages: hi }),
    });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.ok(response.headers.get('x-amzn-requestid'));
    assert.deepEqual(await response.json(), { message: 'Could not resolve the foundation model from the provided model identifier.' });
  });
});
