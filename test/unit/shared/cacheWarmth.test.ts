/** The cache-warm countdown shared by the status bar and the usage panel. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cacheWarmth, formatCountdown, soonestExpiry, warmthLabel } from '../../../src/shared/cacheWarmth';
import type { UsageRecord } from '../../../src/shared/usageRecord';
import { NOVA, T0, coldRun, warmRun } from '../../webview/usageFixtures';

const at = (ms: number) => new Date(ms).toISOString();

test('TTL counts from the newest write or read of the same prefix', () => {
  // Written at T0−60 s, read at T0−20 s: 5 min from the read.
  const [point] = cacheWarmth([warmRun, coldRun], T0);
  assert.equal(point.touchedAt, T0 - 20_000);
  assert.equal(point.remainingMs, 280_000);
  assert.equal(warmthLabel(point), 'cache warm 4:40');
  assert.equal(cacheWarmth([coldRun], T0)[0].remainingMs, 240_000);
});

test('cold at and after expiry', () => {
  const [point] = cacheWarmth([coldRun, warmRun], T0 + 280_000);
  assert.equal(point.warm, false);
  assert.equal(point.remainingMs, 0);
  assert.equal(warmthLabel(point), 'cold');
  assert.equal(warmthLabel(cacheWarmth([coldRun, warmRun], T0 + 279_001)[0]), 'cache warm 0:01');
});

test('a different prefix (edited above the point), model or region does not keep the cache warm', () => {
  const edited: UsageRecord = { ...warmRun, id: 'e', startedAt: at(T0), cachePoints: [{ line: 60, prefixTokens: 3650, ttl: '5m', status: 'not-cached' }] };
  assert.equal(cacheWarmth([coldRun, edited], T0)[0].warm, false);
  const otherModel: UsageRecord = { ...warmRun, id: 'm', model: NOVA, startedAt: at(T0), cachePoints: [{ line: 60, prefixTokens: 3600, ttl: '5m', status: 'not-cached' }] };
  assert.equal(cacheWarmth([coldRun, otherModel], T0)[0].warm, false);
  const otherRegion: UsageRecord = { ...otherModel, model: warmRun.model, region: 'eu-west-1' };
  assert.equal(cacheWarmth([coldRun, otherRegion], T0)[0].warm, false);
});

test('a prefix hash, when recorded, identifies the prefix across line moves', () => {
  const first: UsageRecord = { ...coldRun, cachePoints: [{ line: 60, prefixTokens: 3600, ttl: '5m', status: 'written', prefixHash: 'abc' }] };
  const moved: UsageRecord = { ...warmRun, startedAt: at(T0), cachePoints: [{ line: 64, prefixTokens: 3600, ttl: '5m', status: 'not-cached', prefixHash: 'abc' }] };
  const [point] = cacheWarmth([first, moved], T0);
  assert.equal(point.line, 64);
  assert.equal(point.remainingMs, 240_000);
});

test('1-hour points count an hour; soonestExpiry picks the warm point that expires first', () => {
  const twoPoints: UsageRecord = {
    ...coldRun, id: 'two', startedAt: at(T0 - 10 * 60_000),
    cachePoints: [
      { line: 20, prefixTokens: 1200, ttl: '1h', status: 'written' },
      { line: 60, prefixTokens: 3600, ttl: '5m', status: 'written' },
    ],
  };
  const points = cacheWarmth([twoPoints], T0);
  assert.deepEqual(points.map((p) => [p.line, p.warm, p.remainingMs]), [[20, true, 50 * 60_000], [60, false, 0]]);
  assert.equal(soonestExpiry(points)?.line, 20);
  assert.equal(warmthLabel(soonestExpiry(points)), 'cache warm 50:00');
  assert.equal(soonestExpiry([]), undefined);
  assert.deepEqual(cacheWarmth([], T0), []);
});

test('countdown format rounds up and shows hours past an hour', () => {
  assert.equal(formatCountdown(221_000), '3:41');
  assert.equal(formatCountdown(220_001), '3:41');
  assert.equal(formatCountdown(0), '0:00');
  assert.equal(formatCountdown(-5), '0:00');
  assert.equal(formatCountdown(3_600_000), '1:00:00');
  assert.equal(formatCountdown(3_599_000), '59:59');
});
