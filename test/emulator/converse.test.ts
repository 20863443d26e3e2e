// Converse and CountTokens through the real SDK client, over HTTP/2 (the SDK default) and HTTP/1.1.
import { ConverseCommand, CountTokensCommand } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cl100kTokens, clientFor, firstTokens, FRAMING, NOVA_PRO, SONNET_4, TRANSPORTS, userMessage } from './testSupport';

let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });
beforeEach(() => emulator.reset());

for (const transport of TRANSPORTS) {
  describe(`Converse over ${transport}`, () => {
    it('answers with the Bedrock response shape and a deterministic reply', async () => {
      const client = clientFor(emulator, transport);
      const text = 'Say something about prompt caching.';
      const response = await client.send(new ConverseCommand({ modelId: SONNET_4, messages: [userMessage({ text })] }));
      const input = cl100kTokens(text) + FRAMING;
      const reply = `Emulated reply from ${SONNET_4}: ${input} input tokens.`;
      assert.deepEqual(response.output, { message: { role: 'assistant', content: [{ text: reply }] } });
      assert.equal(response.stopReason, 'end_turn');
      assert.deepEqual(response.usage, {
        inputTokens: input, outputTokens: cl100kTokens(reply), totalTokens: input + cl100kTokens(reply),
        cacheReadInputTokens: 0, cacheWriteInputTokens: 0,
      });
      assert.ok(typeof response.metrics?.latencyMs === 'number' && response.metrics.latencyMs > 0);
      assert.equal(response.$metadata.httpStatusCode, 200);
      client.destroy();
    });

    it('records the parsed request with its headers and transport', async () => {
      const client = clientFor(emulator, transport);
      await client.send(new ConverseCommand({ modelId: SONNET_4, messages: [userMessage({ text: 'hi' })], inferenceConfig: { maxTokens: 100 } }));
      assert.equal(emulator.requests.length, 1);
      const [recorded] = emulator.requests;
      assert.equal(recorded.transport, transport);
      assert.equal(recorded.operation, 'converse');
      assert.equal(recorded.modelId, SONNET_4);
      assert.equal(recorded.attempt, 1);
      assert.match(recorded.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIAEMULATORTEST0001\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
      assert.deepEqual(recorded.body, { messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 100 } });
      assert.equal(recorded.auth?.scheme, 'sigv4');
      assert.equal(recorded.status, 200);
      client.destroy();
    });

    it('counts tokens for a base Claude model ID', async () => {
      const client = clientFor(emulator, transport);
      const system = 'You are terse.';
      const text = 'Count me, please.';
      const response = await client.send(new CountTokensCommand({
        modelId: 'anthropic.claude-sonnet-4-20250514-v1:0',
        input: { converse: { system: [{ text: system }], messages: [userMessage({ text })] } },
      }));
      assert.equal(response.inputTokens, cl100kTokens(system) + cl100kTokens(text) + FRAMING);
      client.destroy();
    });
  });
}

describe('Converse reply controls', () => {
  it('cuts the reply at inferenceConfig.maxTokens and says max_tokens', async () => {
    const client = clientFor(emulator);
    const response = await client.send(new ConverseCommand({ modelId: NOVA_PRO, messages: [userMessage({ text: 'hello' })], inferenceConfig: { maxTokens: 3 } }));
    assert.equal(response.stopReason, 'max_tokens');
    assert.equal(response.usage?.outputTokens, 3);
    const full = `Emulated reply from ${NOVA_PRO}: ${cl100kTokens('hello') + FRAMING} input tokens.`;
    assert.equal(response.output?.message?.content?.[0].text, firstTokens(full, 3));
    client.destroy();
  });

  it('stops before the first stop sequence and says stop_sequence', async () => {
    const client = clientFor(emulator);
    const response = await client.send(new ConverseCommand({ modelId: NOVA_PRO, messages: [userMessage({ text: 'hello' })], inferenceConfig: { stopSequences: [' tokens', ' input'] } }));
    assert.equal(response.stopReason, 'stop_sequence');
    assert.equal(response.output?.message?.content?.[0].text, `Emulated reply from ${NOVA_PRO}: ${cl100kTokens('hello') + FRAMING}`);
    client.destroy();
  });

  it('URL-decodes the model ID from the path, including inference profile ARNs', async () => {
    const client = clientFor(emulator);
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0';
    const response = await client.send(new ConverseCommand({ modelId: arn, messages: [userMessage({ text: 'hello' })] }));
    assert.match(response.output?.message?.content?.[0].text ?? '', new RegExp(`^Emulated reply from ${arn.replace(/[.:/]/g, '\\$&')}:`));
    assert.ok(emulator.requests[0].path.includes('%3A'), 'the SDK sent the ID URL-encoded');
    assert.equal(emulator.requests[0].modelId, arn);
    client.destroy();
  });

  it('leaves cache counters out for models without prompt caching', async () => {
    const client = clientFor(emulator);
    const response = await client.send(new ConverseCommand({ modelId: 'meta.llama3-70b-instruct-v1:0', messages: [userMessage({ text: 'hello' })] }));
    assert.equal(response.usage?.cacheReadInputTokens, undefined);
    assert.equal(response.usage?.cacheWriteInputTokens, undefined);
    assert.equal(response.usage?.inputTokens, cl100kTokens('hello') + FRAMING);
    client.destroy();
  });

  it('counts tool specifications as their JSON and images at a fixed cost', async () => {
    const client = clientFor(emulator);
    const toolSpec = { name: 'lookup', description: 'Looks things up', inputSchema: { json: { type: 'object', properties: {} } } };
    const response = await client.send(new CountTokensCommand({
      modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      input: { converse: {
        toolConfig: { tools: [{ toolSpec }] },
        messages: [userMessage({ image: { format: 'png', source: { bytes: new Uint8Array([1, 2, 3]) } } }, { text: 'what is this?' })],
      } },
    }));
    // Canonical JSON: keys sorted at every level.
    const specJson = '{"description":"Looks things up","inputSchema":{"json":{"properties":{},"type":"object"}},"name":"lookup"}';
    assert.equal(response.inputTokens, cl100kTokens(specJson) + 1600 + cl100kTokens('what is this?') + FRAMING);
    client.destroy();
  });
});
