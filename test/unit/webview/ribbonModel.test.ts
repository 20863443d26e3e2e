/** The prefix ribbon's geometry and read/written/uncached colouring, from a run's record. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UsageRecord } from '../../../src/shared/usageRecord';
import { ribbonSegments } from '../../../src/webview/ribbonModel';
import { coldRun, novaRun, warmRun } from '../../webview/usageFixtures';

const states = (r: UsageRecord) => ribbonSegments(r).map((s) => `${s.block.label}:${s.state}`);

test('order is tools → system → messages and widths are token shares', () => {
  const segments = ribbonSegments(coldRun);
  assert.deepEqual(segments.map((s) => s.block.label), ['tools', 'system', 'user message']);
  assert.deepEqual(segments.map((s) => Number(s.widthPercent.toFixed(3))), [30.769, 61.538, 7.692]);
  assert.deepEqual(segments.map((s) => Number(s.leftPercent.toFixed(3))), [0, 30.769, 92.308]);
  assert.equal(segments[1].cachePoint?.line, 60);
  assert.equal(segments[0].cachePoint, undefined);
});

test('written prefix after a cold run, read after a warm run, uncached when not cached', () => {
  assert.deepEqual(states(coldRun), ['tools:written', 'system:written', 'user message:uncached']);
  assert.deepEqual(states(warmRun), ['tools:read', 'system:read', 'user message:uncached']);
  assert.deepEqual(states(novaRun), ['tools:uncached', 'system:uncached', 'user message:uncached']);
});

test('a read short prefix and a written longer one colour each part', () => {
  const record: UsageRecord = {
    ...coldRun,
    blocks: [
      { label: 'tools', field: 'tools', startLine: 1, endLine: 19, tokens: 1200, cachePointAfter: true },
      { label: 'system', field: 'system', startLine: 21, endLine: 59, tokens: 2400, cachePointAfter: true },
      { label: 'user', field: 'message', startLine: 61, endLine: 69, tokens: 300 },
    ],
    cachePoints: [
      { line: 60, prefixTokens: 3600, ttl: '5m', status: 'written' },
      { line: 20, prefixTokens: 1200, ttl: '1h', status: 'read' },
    ],
  };
  const segments = ribbonSegments(record);
  assert.deepEqual(segments.map((s) => s.state), ['read', 'written', 'uncached']);
  // Markers pair with points in prefix order, whatever order the record lists them in.
  assert.deepEqual(segments.map((s) => s.cachePoint?.line), [20, 60, undefined]);
});

test('when markers and points disagree, prefix token counts decide', () => {
  const record: UsageRecord = {
    ...warmRun,
    blocks: [
      { label: 'tools', field: 'tools', startLine: 1, endLine: 19, tokens: 1200 },
      { label: 'system', field: 'system', startLine: 21, endLine: 59, tokens: 2400 },
      { label: 'user', field: 'message', startLine: 61, endLine: 69, tokens: 300 },
    ],
    // A point inside the system block (after its stable head): only tools lie wholly inside.
    cachePoints: [{ line: 40, prefixTokens: 2000, ttl: '5m', status: 'read' }],
  };
  const segments = ribbonSegments(record);
  assert.deepEqual(segments.map((s) => s.state), ['read', 'uncached', 'uncached']);
  assert.equal(segments[1].cachePoint?.line, 40);
});

test('no blocks, or blocks of zero tokens, still lay out', () => {
  assert.deepEqual(ribbonSegments({ ...coldRun, blocks: [] }), []);
  const zero = ribbonSegments({ ...coldRun, blocks: coldRun.blocks.map((b) => ({ ...b, tokens: 0 })) });
  assert.deepEqual(zero.map((s) => Number(s.widthPercent.toFixed(2))), [33.33, 33.33, 33.33]);
});
