// Playing a stored answer back as a stream: several deltas that add up to the text, the stored
// usage and stop reason, and a cancel that leaves an incomplete, cancelled result.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replayResponse } from '../../../src/aws/responseReplay';
import type { CachedResponse } from '../../../src/core/responseCacheEntry';

const entry: CachedResponse = {
  text: 'A stored answer that is long enough to come back in several pieces. '.repeat(10), stopReason: 'end_turn',
  usage: { inputTokens: 120, outputTokens: 80, cacheReadInputTokens: 1024 }, invokedModelId: 'anthropic.claude-haiku',
  costUSD: 0.004, storedAt: '2026-01-01T00:00:00.000Z', latencyMs: 2500,
};

describe('replayResponse', () => {
  it('streams the stored text in several deltas and returns the stored usage', async () => {
    const deltas: string[] = [];
    let first: number | undefined;
    const result = await replayResponse(entry, 'm', { onDelta: (d) => deltas.push(d), onFirstToken: (ms) => { first = ms; } });
    assert.ok(deltas.length > 5 && deltas.length <= 40, `${deltas.length} deltas`);
    assert.equal(deltas.join(''), entry.text);
    assert.equal(result.text, entry.text);
    assert.deepEqual([result.complete, result.stopReason, result.usage, result.invokedModelId, result.replayOf], [true, 'end_turn', entry.usage, 'anthropic.claude-haiku', entry]);
    assert.equal(typeof first, 'number');
  });

  it('stops at a cancel, keeping what was played, marked cancelled and incomplete', async () => {
    const controller = new AbortController();
    const result = await replayResponse(entry, 'm', { signal: controller.signal, onDelta: () => controller.abort() });
    assert.equal(result.complete, false);
    assert.equal(result.failure?.kind, 'cancelled');
    assert.ok(result.text.length > 0 && result.text.length < entry.text.length);
  });
});
