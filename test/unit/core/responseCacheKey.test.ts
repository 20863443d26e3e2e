import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ConverseRequest } from '../../../src/core/converseTypes';
import { decodeEntry, encodeEntry, isExpired, parseDuration, type CachedResponse } from '../../../src/core/responseCacheEntry';
import { canonicalJson, responseCacheKey, responseCacheKeyText } from '../../../src/core/responseCacheKey';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

const request = (): ConverseRequest => ({
  modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }],
  messages: [{ role: 'user', content: [{ text: 'Hi' }, { image: { format: 'png', source: { bytes: new Uint8Array([1, 2, 3]) } } }] }],
  inferenceConfig: { maxTokens: 100, temperature: 0.2 },
});

describe('response cache key', () => {
  it('canonical JSON sorts keys at every level and drops undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: undefined } }), '{"a":{"d":[2,{"e":2,"f":1}]},"b":1}');
  });

  it('is the same for the same request however its keys are ordered', () => {
    const a = request();
    const b: ConverseRequest = { inferenceConfig: { temperature: 0.2, maxTokens: 100 }, messages: a.messages, system: a.system, modelId: a.modelId };
    assert.equal(responseCacheKey(a, 'us-east-1', sha256), responseCacheKey(b, 'us-east-1', sha256));
    assert.match(responseCacheKey(a, 'us-east-1', sha256), /^[0-9a-f]{64}$/);
  });

  it('changes with the region, the model, the text, a cache point, the inference config, tools and media bytes', () => {
    const base = responseCacheKey(request(), 'us-east-1', sha256);
    const variants: [string, (r: ConverseRequest) => void, string?][] = [
      ['region', () => undefined, 'eu-west-1'],
      ['model', (r) => { r.modelId = 'amazon.nova-pro-v1:0'; }],
      ['text', (r) => { r.messages[0].content[0] = { text: 'Hi!' }; }],
      ['cache point', (r) => { r.system = [{ text: 'Be brief.' }]; }],
      ['ttl', (r) => { r.system![1] = { cachePoint: { type: 'default', ttl: '1h' } }; }],
      ['inference', (r) => { r.inferenceConfig!.temperature = 0.3; }],
      ['tools', (r) => { r.toolConfig = { tools: [{ toolSpec: { name: 't', inputSchema: { json: {} } } }] }; }],
      ['media', (r) => { r.messages[0].content[1] = { image: { format: 'png', source: { bytes: new Uint8Array([1, 2, 4]) } } }; }],
    ];
    const keys = new Set([base]);
    for (const [name, change, region] of variants) {
      const r = request();
      change(r);
      const key = responseCacheKey(r, region ?? 'us-east-1', sha256);
      assert.ok(!keys.has(key), `${name} changes the key`);
      keys.add(key);
    }
  });

  it('holds media by content hash, never the bytes themselves', () => {
    const text = responseCacheKeyText(request(), 'us-east-1', sha256);
    assert.ok(text.includes(sha256(new Uint8Array([1, 2, 3]))));
    assert.ok(!text.includes('"0":1'), 'no byte array serialized');
    assert.match(text, /"format":1/);
  });
});

describe('response cache entry', () => {
  const entry: CachedResponse = { text: 'Answer', stopReason: 'end_turn', usage: { inputTokens: 5, outputTokens: 2 }, costUSD: 0.001, storedAt: '2026-01-01T00:00:00.000Z', latencyMs: 900 };
  const key = 'a'.repeat(64);

  it('round-trips and detects every kind of damage', () => {
    const stored = encodeEntry(key, entry, sha256);
    assert.deepEqual(decodeEntry(key, stored, sha256), { ok: true, entry });
    assert.match((decodeEntry(key, stored.slice(0, stored.length - 5), sha256) as { reason: string }).reason, /not valid JSON/);
    assert.match((decodeEntry('b'.repeat(64), stored, sha256) as { reason: string }).reason, /another key/);
    const tampered = stored.replace('Answer', 'Answes');
    assert.match((decodeEntry(key, tampered, sha256) as { reason: string }).reason, /checksum/);
    assert.equal(decodeEntry(key, '[]', sha256).ok, false);
  });

  it('expires after its TTL', () => {
    const at = Date.parse(entry.storedAt);
    assert.equal(isExpired(entry, 1000, at + 999), false);
    assert.equal(isExpired(entry, 1000, at + 1000), true);
  });

  it('parses durations', () => {
    assert.deepEqual(['90s', '15m', '1h', '7d', '250ms', '30', ' 2h '].map(parseDuration), [90_000, 900_000, 3_600_000, 604_800_000, 250, 30_000, 7_200_000]);
    assert.deepEqual(['', 'h', '-1h', '1w', '0'].map(parseDuration), [undefined, undefined, undefined, undefined, undefined]);
  });

  it('keeps a custom endpoint\'s answers apart: an emulator reply is never replayed as Bedrock\'s', () => {
    const bedrock = responseCacheKey(request(), 'us-east-1', sha256);
    const emulator = responseCacheKey(request(), 'us-east-1', sha256, 'http://127.0.0.1:8080');
    assert.notEqual(bedrock, emulator);
    assert.equal(responseCacheKey(request(), 'us-east-1', sha256, ''), bedrock, 'no endpoint: the key Bedrock calls get');
  });
});
