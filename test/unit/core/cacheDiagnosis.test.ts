// The cache check's rules on hand-made fingerprints: what the emulator cannot show (a profile that
// routes elsewhere) and the arithmetic that decides the expected read (sliding TTL, lookback).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseRun, LOOKBACK_BLOCKS, type ObservedRun } from '../../../src/core/cacheDiagnosis';
import type { FingerprintBlock, RequestFingerprint } from '../../../src/shared/cacheCheck';

const block = (i: number, hash = `h${i}`): FingerprintBlock => ({ field: i === 0 ? 'system' : 'messages', path: `b${i}`, kind: 'text', hash, looseHash: hash, line: i });
function fingerprint(blocks: number, pointAt: number, extra: Partial<RequestFingerprint> = {}): RequestFingerprint {
  return { version: 1, model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', region: 'us-east-1', account: 'env', inputs: {},
    blocks: Array.from({ length: blocks }, (_, i) => block(i)), points: [{ boundary: pointAt, ttl: '5m', line: 100 + pointAt }], ...extra };
}
const T0 = Date.parse('2026-11-27T10:00:00Z');
function run(fp: RequestFingerprint, minutes: number, read: number, write: number, status: 'read' | 'written' | 'not-cached'): ObservedRun {
  return { fingerprint: fp, startedAt: new Date(T0 + minutes * 60_000).toISOString(), usage: { cacheReadInputTokens: read, cacheWriteInputTokens: write },
    cachePoints: fp.points.map((p) => ({ line: p.line!, prefixTokens: 2000, ttl: p.ttl, status })) };
}

describe('diagnoseRun', () => {
  it('a read restarts the TTL: three calls 4 minutes apart all expect a read', () => {
    const fp = fingerprint(3, 1);
    const runs = [run(fp, 0, 0, 2000, 'written'), run(fp, 4, 2000, 0, 'read')];
    const third = diagnoseRun(run(fp, 8, 2000, 0, 'read'), runs);
    assert.equal(third.verdict, 'hit');
    assert.equal(third.expectedReadTokens, 2000);
    const late = diagnoseRun(run(fp, 14, 0, 2000, 'written'), runs);
    assert.equal(late.verdict, 'miss');
    assert.equal(late.expectedReadTokens, 0);
    assert.equal(late.reasons[0].code, 'ttl-expired');
    assert.match(late.reasons[0].detail, /Last use 10m 0s ago/);
  });

  it('an entry within the lookback window is expected; one beyond it is not', () => {
    const first = run(fingerprint(40, 1), 0, 0, 2000, 'written');
    const near = diagnoseRun(run(fingerprint(40, 1 + LOOKBACK_BLOCKS), 1, 2000, 500, 'written'), [first]);
    assert.equal(near.expectedReadTokens, 2000);
    assert.equal(near.verdict, 'partial');
    const far = diagnoseRun(run(fingerprint(40, 2 + LOOKBACK_BLOCKS), 1, 0, 2500, 'written'), [first]);
    assert.equal(far.expectedReadTokens, 0);
    assert.equal(far.reasons[0].code, 'too-far-back');
  });

  it('another inference profile of the same model that missed: profile-changed', () => {
    const before = run(fingerprint(3, 1), 0, 0, 2000, 'written');
    const now = diagnoseRun(run(fingerprint(3, 1, { model: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0' }), 1, 0, 2000, 'written'), [before]);
    assert.equal(now.verdict, 'miss');
    assert.equal(now.expectedReadTokens, 2000, 'the same model in the same region should have read');
    assert.equal(now.reasons[0].code, 'profile-changed');
  });

  it('whitespace-only change and other credentials are told apart', () => {
    const before = run(fingerprint(3, 2), 0, 0, 2000, 'written');
    const spaced = fingerprint(3, 2);
    spaced.blocks[1] = { ...block(1, 'changed'), looseHash: 'h1' };
    assert.match(diagnoseRun(run(spaced, 1, 0, 2000, 'written'), [before]).reasons[0].detail, /Only whitespace changed/);
    const other = diagnoseRun(run(fingerprint(3, 2, { account: 'profile other' }), 1, 0, 2000, 'written'), [before]);
    assert.equal(other.reasons[0].code, 'unknown');
    assert.match(other.reasons[0].detail, /other credentials/);
  });

  it('no cache point: uncached; nothing earlier: first', () => {
    const none = fingerprint(3, 1);
    none.points = [];
    assert.equal(diagnoseRun(run(none, 0, 0, 0, 'not-cached'), []).verdict, 'uncached');
    assert.equal(diagnoseRun(run(fingerprint(3, 1), 0, 0, 2000, 'written'), []).verdict, 'first');
  });
});
