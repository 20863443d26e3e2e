import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planCachePoints } from '../../../../src/core/cachePlanner';
import { MODEL_CATALOG } from '../../../../src/core/modelCatalog';
import { validateCustomRules } from '../../../../src/core/planner/customRules';
import { analysisOf, settings, SONNET_45 } from '../../helpers/plannerFixtures';

const range = { start: { line: 3, character: 0 }, end: { line: 3, character: 12 } };
const sonnet = MODEL_CATALOG.find((r) => r.id.includes('sonnet-4-5'));

const blocks = [
  { tokens: 1200, field: 'system' as const },
  { tokens: 3000 },
  { tokens: 1500, kind: 'media' as const },
  { tokens: 400 },
  { tokens: 2200 },
  { tokens: 30, changing: ['question'] },
];

function plan(custom: Record<string, unknown>) {
  return planCachePoints(analysisOf(SONNET_45, blocks, [], { custom, strategy: 'custom' }), settings({ strategy: 'custom' }));
}

describe('planner: custom rules', () => {
  it('textBlocksOver puts a point after every large stable text block and says so', () => {
    const out = plan({ textBlocksOver: 1000 });
    assert.deepEqual(out.map((s) => s.afterBlock), [0, 1, 4]);
    for (const s of out) assert.match(s.reason, /textBlocksOver: 1000/);
  });

  it('allMedia puts a point after every stable media block', () => {
    const out = plan({ allMedia: true });
    assert.deepEqual(out.map((s) => s.afterBlock), [2]);
    assert.match(out[0].reason, /allMedia/);
  });

  it('skips blocks whose segment would be under the model minimum', () => {
    // After the 400-token block (1200+3000+1500+400) the segment from block 2's point is 400.
    const out = plan({ textBlocksOver: 100, allMedia: true });
    assert.ok(out.every((s) => s.segmentTokens >= 1024));
    assert.ok(!out.some((s) => s.afterBlock === 3));
  });

  it('minBenefit drops points that save too small a share', () => {
    // With 5 reuses a Claude point saves about 71% of the segment's uncached cost.
    assert.equal(plan({ textBlocksOver: 1000, minBenefit: 0.99 }).length, 0);
    const kept = plan({ textBlocksOver: 1000, minBenefit: 0.5 });
    assert.equal(kept.length, 3);
    assert.match(kept[0].reason, /minBenefit: 0.5 — it saves 7\d\.\d% of/);
  });

  it('maxPoints keeps the most valuable points', () => {
    const out = plan({ textBlocksOver: 1000, maxPoints: 1 });
    assert.equal(out.length, 1);
    // One point alone is worth most at the end of the longest picked prefix.
    assert.equal(out[0].afterBlock, 4);
    assert.equal(out[0].segmentTokens, 8300);
    assert.match(out[0].reason, /maxPoints: 1/);
  });

  it('ignores invalid values instead of guessing', () => {
    assert.deepEqual(plan({ textBlocksOver: 'lots' }), []);
    assert.equal(plan({ textBlocksOver: 1000, maxPoints: -2 }).length, 3);
  });
});

describe('validateCustomRules', () => {
  const codes = (rules: unknown) => validateCustomRules(rules, range, sonnet).map((f) => `${f.code}:${f.severity}`);

  it('accepts good rules silently', () => {
    assert.deepEqual(codes({ textBlocksOver: 1500, allMedia: true, minBenefit: 0.7, maxPoints: 2 }), []);
  });

  it('reports each bad value as an error with the given range', () => {
    assert.deepEqual(codes({ textBlocksOver: -5 }), ['custom-rule-invalid:error']);
    assert.deepEqual(codes({ textBlocksOver: 1.5 }), ['custom-rule-invalid:error']);
    assert.deepEqual(codes({ textBlocksOver: 2000, allMedia: 'yes' }), ['custom-rule-invalid:error']);
    assert.deepEqual(codes({ textBlocksOver: 2000, minBenefit: 1.5 }), ['custom-rule-invalid:error']);
    assert.deepEqual(codes({ textBlocksOver: 2000, maxPoints: 0 }), ['custom-rule-invalid:error']);
    assert.deepEqual(codes([1, 2]), ['custom-rules-invalid:error']);
    assert.deepEqual(validateCustomRules({ maxPoints: 'x' }, range, sonnet)[0].range, range);
  });

  it('warns about unknown keys, limits above the model, and thresholds under the minimum', () => {
    assert.deepEqual(codes({ textBlocksOver: 2000, everyBlock: true }), ['custom-rule-unknown:warning']);
    assert.deepEqual(codes({ textBlocksOver: 2000, maxPoints: 6 }), ['custom-rule-over-model-limit:warning']);
    assert.deepEqual(codes({ textBlocksOver: 200 }), ['custom-rule-below-minimum:info']);
  });

  it('says when there is no placement rule at all', () => {
    assert.deepEqual(codes(undefined), ['custom-rules-missing:info']);
    assert.deepEqual(codes({ maxPoints: 2 }), ['custom-rules-missing:info']);
  });
});
