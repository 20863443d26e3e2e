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
