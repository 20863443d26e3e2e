import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import ranks from 'js-tiktoken/ranks/cl100k_base';
import { BytePairCounter } from '../../../src/core/bytePairCounter';
import { packRanks, RankTable } from '../../../src/core/rankTable';

const table = async () => RankTable.unpack(await packRanks(ranks, async () => {}), async () => {});

const reference = new Tiktoken(ranks);
const exact = (text: string) => reference.encode(text, [], []).length;

describe('byte-pair counter', () => {
  it('counts exactly as js-tiktoken on any text, the second time from its memo', async () => {
    const counter = new BytePairCounter(await table(), ranks.pat_str);
    const words = fc.constantFrom('the', ' cache', 'Caching', ' points', "'s", 'naïve', ' 漢字', '😀', '12345', '\n\n', '  ', '{{', '}}', '—', '\ud800', 'zzqx', 'antidisestablishment');
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.array(words, { maxLength: 60 }).map((w) => w.join(''))), (text) => {
      assert.equal(counter.count(text), exact(text), JSON.stringify(text));
      assert.equal(counter.count(text), exact(text));
    }), { numRuns: 1500, seed: 5 });
  });

  it('splits with cl100k\'s pattern when given none', async () => {
    const counter = new BytePairCounter(await table());
    for (const text of ["It's 12345 naïve words,\n\n  indented 漢字 😀 text.", 'antidisestablishmentarianism zzqx', '\ud800 — ’quoted’']) assert.equal(counter.count(text), exact(text), text);
  });
});
