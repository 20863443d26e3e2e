// Prompt-cache semantics through the SDK: prefixes, minimums, reads and writes, TTLs on the
// emulator's controllable clock (no waiting).
import { type BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput, type TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cachePoint, cl100kTokens, clientFor, FRAMING, NOVA_PRO, SONNET_4, SONNET_4_5, textOfTokens, userMessage } from './testSupport';

let emulator: Emulator;
let client: BedrockRuntimeClient;
before(async () => {
  emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  client = clientFor(emulator);
});
after(async () => {
  client.destroy();
  await emulator.close();
});
beforeEach(() => emulator.reset());

const MINUTE = 60_000;

async function usage(input: ConverseCommandInput): Promise<TokenUsage> {
  const response = await client.send(new ConverseCommand(input));
  assert.ok(response.usage);
  return response.usage;
}

/** A request whose system prompt (`systemTokens`) is closed by a cache point, then a question. */
function withSystem(modelId: string, systemTokens: number, question: string, ttl?: '5m' | '1h'): ConverseCommandInput {
  return { modelId, system: [{ text: textOfTokens(systemTokens) }, cachePoint(ttl)], messages: [userMessage({ text: question })] };
}

const questionTokens = (q: string) => cl100kTokens(q) + FRAMING;

describe('cache reads and writes', () => {
  it('writes the prefix on the first call and reads it on the second', async () => {
    const first = await usage(withSystem(SONNET_4, 1200, 'First question?'));
    assert.equal(first.cacheWriteInputTokens, 1200);
    assert.equal(first.cacheReadInputTokens, 0);
    assert.equal(first.inputTokens, questionTokens('First question?'));
    assert.deepEqual(first.cacheDetails, [{ ttl: '5m', inputTokens: 1200 }]);

    const second = await usage(withSystem(SONNET_4, 1200, 'A different question?'));
    assert.equal(second.cacheReadInputTokens, 1200);
    assert.equal(second.cacheWriteInputTokens, 0);
    assert.equal(second.inputTokens, questionTokens('A different question?'));
    assert.equal(second.cacheDetails, undefined);
  });

  it('caches nothing, silently, when the prefix is below the model minimum', async () => {
    for (let call = 0; call < 2; call++) {
      const u = await usage(withSystem(SONNET_4, 1000, 'Question?'));
      assert.equal(u.cacheWriteInputTokens, 0);
      assert.equal(u.cacheReadInputTokens, 0);
      assert.equal(u.inputTokens, 1000 + questionTokens('Question?'));
    }
    assert.deepEqual(emulator.cache.list(), []);
  });

  it('applies the minimum to the cumulative prefix (tools → system → messages)', async () => {
    const tool = { toolSpec: { name: 'find', description: textOfTokens(500, 'beta'), inputSchema: { json: { type: 'object' } } } };
    const toolTokens = cl100kTokens(JSON.stringify({ description: tool.toolSpec.description, inputSchema: { json: { type: 'object' } }, name: 'find' }));
    const input: ConverseCommandInput = {
      modelId: SONNET_4,
      toolConfig: { tools: [tool, cachePoint()] },
      system: [{ text: textOfTokens(600) }, cachePoint()],
      messages: [userMessage({ text: 'Go.' })],
    };
    const first = await usage(input);
    // The tools point (below 1,024) is not cached; the system point closes tools + system.
    assert.equal(first.cacheWriteInputTokens, toolTokens + 600);
    assert.equal(emulator.cache.list().length, 1);
    const second = await usage(input);
    assert.equal(second.cacheReadInputTokens, toolTokens + 600);
    assert.equal(second.inputTokens, questionTokens('Go.'));
  });

  it('reads the longest cached prefix and writes only what follows it', async () => {
    const system = textOfTokens(1200);
    const conversation = (later: string): ConverseCommandInput => ({
      modelId: SONNET_4,
      system: [{ text: system }, cachePoint()],
      messages: [userMessage({ text: later }, cachePoint()), { role: 'assistant', content: [{ text: 'ok' }] }, userMessage({ text: 'next' })],
    });
    const documentA = textOfTokens(1500, 'gamma');
    const first = await usage(conversation(documentA));
    assert.equal(first.cacheWriteInputTokens, 1200 + FRAMING + 1500);
    const tail = questionTokens('ok') + questionTokens('next');
    assert.equal(first.inputTokens, tail);

    // Same system, different document: the system point is read, the message point rewritten.
    const documentB = textOfTokens(1500, 'delta');
    const second = await usage(conversation(documentB));
    assert.equal(second.cacheReadInputTokens, 1200);
    assert.equal(second.cacheWriteInputTokens, FRAMING + 1500);
    assert.equal(second.inputTokens, tail);

    // A change in the system prompt invalidates everything after it.
    const third = await usage({ ...conversation(documentB), system: [{ text: textOfTokens(1200, 'omega') }, cachePoint()] });
    assert.equal(third.cacheReadInputTokens, 0);
    assert.equal(third.cacheWriteInputTokens, 1200 + FRAMING + 1500);
  });

  it('reads tools before system: a tool change invalidates the system point, not the other way round', async () => {
    const tools = (description: string) => ({ tools: [{ toolSpec: { name: 'find', description, inputSchema: { json: { type: 'object' } } } }, cachePoint()] });
    const request = (toolText: string, systemText: string): ConverseCommandInput => ({
      modelId: SONNET_4, toolConfig: tools(toolText), system: [{ text: systemText }, cachePoint()], messages: [userMessage({ text: 'q' })],
    });
    const toolA = textOfTokens(1100, 'beta');
    const systemA = textOfTokens(1100);
    const first = await usage(request(toolA, systemA));
    const toolsTokens = first.cacheWriteInputTokens! - 1100;
    assert.ok(toolsTokens > 1100, 'both points written, tools first');

    const systemChanged = await usage(request(toolA, textOfTokens(1100, 'omega')));
    assert.equal(systemChanged.cacheReadInputTokens, toolsTokens, 'the tools prefix survives a system change');
    assert.equal(systemChanged.cacheWriteInputTokens, 1100);

    const toolChanged = await usage(request(textOfTokens(1100, 'delta'), systemA));
    assert.equal(toolChanged.cacheReadInputTokens, 0, 'a tool change invalidates everything after it');
  });

  it('keys entries by base model: profiles share, other models do not', async () => {
    await usage(withSystem(SONNET_4, 1200, 'q'));
    const viaEu = await usage(withSystem('eu.anthropic.claude-sonnet-4-20250514-v1:0', 1200, 'q'));
    assert.equal(viaEu.cacheReadInputTokens, 1200);
    const opus = await usage(withSystem('us.anthropic.claude-opus-4-20250514-v1:0', 1200, 'q'));
    assert.equal(opus.cacheReadInputTokens, 0);
    assert.equal(opus.cacheWriteInputTokens, 1200);
  });

  it('uses each model minimum (Haiku 4.5: 4,096)', async () => {
    const below = await usage(withSystem('us.anthropic.claude-haiku-4-5-20251001-v1:0', 4000, 'q'));
    assert.equal(below.cacheWriteInputTokens, 0);
    const above = await usage(withSystem('us.anthropic.claude-haiku-4-5-20251001-v1:0', 4100, 'q'));
    assert.equal(above.cacheWriteInputTokens, 4100);
  });

  it('caches system and message prefixes on Nova', async () => {
    const first = await usage(withSystem(NOVA_PRO, 1100, 'q'));
    assert.equal(first.cacheWriteInputTokens, 1100);
    const second = await usage(withSystem(NOVA_PRO, 1100, 'q2'));
    assert.equal(second.cacheReadInputTokens, 1100);
  });
});

describe('cache TTL on the emulated clock', () => {
  it('expires a 5-minute entry after five minutes', async () => {
    await usage(withSystem(SONNET_4, 1200, 'q'));
    emulator.clock.advance(5 * MINUTE - 1000);
    assert.equal((await usage(withSystem(SONNET_4, 1200, 'q'))).cacheReadInputTokens, 1200);
    emulator.clock.advance(5 * MINUTE + 1);
    const expired = await usage(withSystem(SONNET_4, 1200, 'q'));
    assert.equal(expired.cacheReadInputTokens, 0);
    assert.equal(expired.cacheWriteInputTokens, 1200);
  });

  it('slides the TTL forward on every hit', async () => {
    await usage(withSystem(SONNET_4, 1200, 'q'));
    for (let hop = 0; hop < 3; hop++) {
      emulator.clock.advance(4 * MINUTE);
      assert.equal((await usage(withSystem(SONNET_4, 1200, 'q'))).cacheReadInputTokens, 1200, `hit after hop ${hop}`);
    }
    // Twelve minutes after the write, but each hit restarted the five minutes.
    emulator.clock.advance(5 * MINUTE + 1);
    assert.equal((await usage(withSystem(SONNET_4, 1200, 'q'))).cacheReadInputTokens, 0);
  });

  it('keeps a 1-hour entry for an hour and reports writes by TTL, 1h first', async () => {
    const input: ConverseCommandInput = {
      modelId: SONNET_4_5,
      system: [{ text: textOfTokens(1200) }, cachePoint('1h')],
      messages: [userMessage({ text: textOfTokens(1100, 'gamma') }, cachePoint('5m')), { role: 'assistant', content: [{ text: 'ok' }] }, userMessage({ text: 'q' })],
    };
    const first = await usage(input);
    assert.deepEqual(first.cacheDetails, [{ ttl: '1h', inputTokens: 1200 }, { ttl: '5m', inputTokens: FRAMING + 1100 }]);
    assert.equal(first.cacheWriteInputTokens, 1200 + FRAMING + 1100);

    emulator.clock.advance(30 * MINUTE);
    const later = await usage(input);
    assert.equal(later.cacheReadInputTokens, 1200, 'the 5m entry is gone, the 1h entry is read');
    assert.deepEqual(later.cacheDetails, [{ ttl: '5m', inputTokens: FRAMING + 1100 }]);

    emulator.clock.advance(61 * MINUTE);
    assert.equal((await usage(input)).cacheReadInputTokens, 0);
  });

  it('keeps a 1h point for five minutes on a Claude model without extended TTL', async () => {
    const first = await usage(withSystem(SONNET_4, 1200, 'q', '1h'));
    assert.deepEqual(first.cacheDetails, [{ ttl: '5m', inputTokens: 1200 }]);
    emulator.clock.advance(6 * MINUTE);
    assert.equal((await usage(withSystem(SONNET_4, 1200, 'q', '1h'))).cacheReadInputTokens, 0);
  });
});
