/** Lens titles: one number per fact, whether estimated or counted exactly. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenLensTitle } from '../../../src/core/labels';
import { analyze } from '../helpers/analyze';

describe('tokenLensTitle', () => {
  it('shows the estimated prefix, or only the exact one once counted', async () => {
    const a = await analyze('{{role "user"}}\nHere is the contract text.\n{{cachePoint}}\nQuestion: {{q}}\n');
    const [first] = a.blocks;
    const estimated = tokenLensTitle(first);
    assert.match(estimated, /^≈ [\d,]+ tokens · prefix [\d,]+$/);
    const exact = tokenLensTitle(first, 1771);
    assert.match(exact, /^≈ [\d,]+ tokens · prefix 1,771 \(exact\)/);
    assert.equal(exact.match(/prefix/g)?.length, 1, exact);
  });
});

describe('lens wording', () => {
  it('one token is "1 token"; the tools lens says it is the tools', async () => {
    const { tokenCount } = await import('../../../src/core/labels');
    assert.equal(tokenCount(1), '1 token');
    assert.equal(tokenCount(1234), '1,234 tokens');
    const a = await analyze('{{role "user"}}\nHi\n');
    const tools = { ...a.blocks[0], kind: 'tools' as const, field: 'tools' as const };
    assert.match(tokenLensTitle(tools), /^tools · ≈ [\d,]+ tokens? · prefix/);
    const one = { ...a.blocks[a.blocks.length - 1], tokens: 1, kind: 'text' as const };
    assert.match(tokenLensTitle(one), /^≈ 1 token · prefix/);
  });

  it('a later suggestion says its saving is additional; the insert-all lens reads like the palette', async () => {
    const { insertAllLensTitle, suggestionLensTitle } = await import('../../../src/core/labels');
    assert.equal(suggestionLensTitle({ prefixTokens: 2000, segmentTokens: 2000, savingPerReuseUSD: 0.0054 }), '+ cache point here — caches 2,000 tokens, saves ≈ $0.005400 per reuse');
    assert.equal(suggestionLensTitle({ prefixTokens: 6000, segmentTokens: 4000, savingPerReuseUSD: 0.0108 }), '+ cache point here — caches 6,000 tokens, saves ≈ $0.01080 more per reuse');
    assert.equal(insertAllLensTitle(2), 'Insert All Suggested Cache Points (2)');
  });
});
