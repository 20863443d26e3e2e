import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import ranks from 'js-tiktoken/ranks/cl100k_base';
import { buildRanks, BytePairCounter } from '../../../src/core/bytePairCounter';

const reference = new Tiktoken(ranks);
const exact = (text: string) => reference.encode(text, [], []).length;

describe('byte-pair counter', () => {
  it('builds the rank table in slices, yielding between them', async () => {
    let pauses = 0;
    const table = await buildRanks(ranks, async () => { pauses++; });
    assert.equal(table.size, 100256);
    assert.ok(pauses >= 10, `${pauses} pauses`);
    // Rank of "hello" in cl100k, as js-tiktoken encodes it.
    assert.deepEqual([table.get('hello')], reference.encode('hello'));
  });

  it('counts exactly as js-tiktoken on any text, the second time from its memo', async () => {
    const counter = new BytePairCounter(await buildRanks(ranks, async () => {}), ranks.pat_str);
    const words = fc.constantFrom('the', ' cache', 'Caching', ' points', "'s", 'naïve', ' 漢字', '😀', '12345', '\n\n', '  ', '{{', '}}', '—', '\ud800', 'zzqx', 'antidisestablishment');
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.array(words, { maxLength: 60 }).map((w) => w.join(''))), (text) => {
      assert.equal(counter.count(text), exact(text), JSON.stringify(text));
      assert.equal(counter.count(text), exact(text));
    }), { numRuns: 1500, seed: 5 });
  });

  it('counts the same from a rank map it did not build (its two-byte table is derived from the map)', async () => {
    const built = await buildRanks(ranks, async () => {});
    const copied = new BytePairCounter(new Map(built), ranks.pat_str);
    for (const text of ['antidisestablishmentarianism', ' Caching points of naïve 漢字 text', 'zzqx zzqx', 'A longer sentence: with punctuation, digits 12345 and some rarely-seen wordforms.']) {
      assert.equal(copied.count(text), exact(text), text);
    }
  });
});
