// Rules from the reference that decide whether an entry is found: Bedrock looks back only about
// 20 content blocks from a cache point, caches are per region, and some models read cached prefixes
// on their own (implicit caching), with no cache point at all.
import { type BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput, type Message, type TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { LOOKBACK_BLOCKS } from '../../emulator/cachePolicy';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cachePoint, clientFor, SONNET_4, textOfTokens, userMessage } from './testSupport';

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

async function usage(input: ConverseCommandInput): Promise<TokenUsage> {
  const response = await client.send(new ConverseCommand(input));
  return response.usage!;
}

/** A system prompt closed by a point, then one user message of `extra` short blocks and a point. */
function conversation(extra: number, pointAfterSystem: boolean): ConverseCommandInput {
  const blocks = Array.from({ length: extra }, (_, i) => ({ text: `Note ${i}.` }));
  const messages: Message[] = [userMessage(...blocks, { text: 'Question?' }, cachePoint())];
  return { modelId: SONNET_4, system: [{ text: textOfTokens(1500) }, ...(pointAfterSystem ? [cachePoint()] : [])], messages };
}

describe('lookback', () => {
  it('finds an entry written a few blocks before the only cache point', async () => {
    const written = await usage(conversation(0, true));
    assert.equal(written.cacheWriteInputTokens! > 1500, true);
    const later = await usage(conversation(5, false));
    assert.equal(later.cacheReadInputTokens, 1500, 'the system entry is within the lookback window');
  });

  it(`misses an entry more than ${LOOKBACK_BLOCKS} blocks before the only cache point`, async () => {
    await usage(conversation(0, true));
    const far = await usage(conversation(LOOKBACK_BLOCKS + 5, false));
    assert.equal(far.cacheReadInputTokens, 0);
    assert.ok(far.cacheWriteInputTokens! > 1500, 'the far point writes again');
  });
});

describe('implicit caching', () => {
  const plain: ConverseCommandInput = { modelId: SONNET_4, system: [{ text: textOfTokens(1500) }], messages: [userMessage({ text: 'Question?' })] };

  it('is off by default: no cache point, no read', async () => {
    await usage(plain);
    assert.equal((await usage(plain)).cacheReadInputTokens, 0);
  });

  it('when on, the model reads a prompt it saw before though the request has no cache point', async () => {
    emulator.cache.setImplicitCaching('anthropic.claude-sonnet-4-20250514-v1:0', true);
    const first = await usage(plain);
    assert.equal(first.cacheReadInputTokens, 0);
    assert.equal(first.cacheWriteInputTokens, 0, 'implicit entries are not reported as writes');
    assert.ok((await usage(plain)).cacheReadInputTokens! > 1500);
  });
});

describe('regions', () => {
  it('an entry written in one region is not read in another', async () => {
    await usage(conversation(0, true));
    assert.ok((await usage(conversation(0, true))).cacheReadInputTokens! > 0, 'the same region reads it');
    const west = clientFor(emulator, 'h2', { region: 'us-west-2' });
    try {
      const other = (await west.send(new ConverseCommand(conversation(0, true)))).usage!;
      assert.equal(other.cacheReadInputTokens, 0);
      assert.ok(other.cacheWriteInputTokens! > 0);
    } finally {
      west.destroy();
    }
  });
});
