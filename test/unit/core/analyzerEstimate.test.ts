/**
 * The first look at a large file: blocks counted as characters ÷ 4 without the tokenizer, marked
 * as estimating, then refined by the exact analysis of the same analyzer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';
import { estimatingLensTitle } from '../../../src/core/labels';

const TEXT = `---
model: us.anthropic.claude-sonnet-4-5-20250929-v1:0
---
{{role "system"}}
${'The quarterly report lists every shipment with its carrier, weight and customs code. '.repeat(40)}
{{cachePoint}}
{{role "user"}}
Summarize the delays in {{region}}.
`;

describe('analyzer: first-look estimate', () => {
  it('counts characters ÷ 4, says it is estimating, and reports no size-limit finding', async () => {
    const a = await new Analyzer().analyze(TEXT, { estimate: true });
    assert.equal(a.estimating, true);
    assert.equal(a.reducedMode, false);
    assert.match(a.tokenizerLabel, /characters ÷ 4 while the exact count runs/);
    assert.ok(!a.findings.some((f) => f.code === 'file-large'));
    const system = a.blocks.find((b) => b.field === 'system')!;
    const chars = TEXT.indexOf('{{cachePoint}}') - TEXT.indexOf('{{role "system"}}') - '{{role "system"}}'.length;
    assert.ok(Math.abs(system.rawTokens - chars / 4) <= 2, `${system.rawTokens} vs ${chars / 4}`);
    assert.equal(a.cachePoints.length, 1);
  });

  it('is refined by the exact analysis that follows, with the same blocks', async () => {
    const analyzer = new Analyzer();
    const first = await analyzer.analyze(TEXT, { estimate: true });
    const exact = await analyzer.analyze(TEXT);
    assert.equal(exact.estimating, undefined);
    assert.doesNotMatch(exact.tokenizerLabel, /exact count runs/);
    assert.deepEqual(exact.blocks.map((b) => b.range), first.blocks.map((b) => b.range));
    // Repeated English words are far fewer cl100k tokens than characters ÷ 4.
    const system = (a: typeof exact) => a.blocks.find((b) => b.field === 'system')!.rawTokens;
    assert.ok(system(exact) < system(first), `${system(exact)} vs ${system(first)}`);
  });

  it('makes no estimate above the size limit: that file is in reduced mode, as before', async () => {
    const a = await new Analyzer().analyze(TEXT, { estimate: true, sizeLimit: 100 });
    assert.equal(a.reducedMode, true);
    assert.equal(a.estimating, undefined);
    assert.ok(a.findings.some((f) => f.code === 'file-large'));
  });

  it('labels estimated lenses as estimates, without a caching verdict', () => {
    assert.equal(estimatingLensTitle(1234, 5678, 'block'), '≈ 1,234 tokens (estimating…) · prefix ≈ 5,678');
    assert.equal(estimatingLensTitle(5678, 5678, 'cache point'), 'cache point · caches ≈ 5,678 tokens (estimating…)');
  });
});
