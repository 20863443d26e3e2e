/** The packed rank table holds js-tiktoken's ranks exactly, and says clearly when bytes are not one. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tiktoken } from 'js-tiktoken/lite';
import ranks from 'js-tiktoken/ranks/cl100k_base';
import { NO_RANK, packRanks, RankTable } from '../../../src/core/rankTable';

const reference = new Tiktoken(ranks);
const key = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe('packed rank table', () => {
  it('gives every token its rank, and the pair table every two-byte token', async () => {
    let pauses = 0;
    const packed = await packRanks(ranks, async () => { pauses++; });
    const table = await RankTable.unpack(packed, async () => { pauses++; });
    assert.equal(table.size, 100256);
    assert.ok(pauses >= 8, `${pauses} pauses`);
    let pairs = 0;
    for (let rank = 0; rank < table.size; rank++) {
      const token = table.token(rank);
      const bytes = new Uint8Array(Buffer.from(token, 'latin1'));
      assert.equal(table.rank(token, 0, token.length), rank, `rank ${rank}`);
      // Looked up inside a longer key, by range.
      assert.equal(table.rank(`xy${token}z`, 2, 2 + token.length), rank);
      if (bytes.length === 2) { pairs++; assert.equal(table.pairs[bytes[0] * 256 + bytes[1]], rank); }
    }
    assert.ok(pairs > 1000, `${pairs} two-byte tokens`);
    assert.equal(table.pairs.filter((r) => r !== NO_RANK).length, pairs);
  });

  it('agrees with js-tiktoken on what is a token', async () => {
    const table = await RankTable.unpack(await packRanks(ranks, async () => {}), async () => {});
    const hello = new TextEncoder().encode('hello');
    assert.deepEqual([table.rank(key(hello), 0, hello.length)], reference.encode('hello'));
    for (const word of [' cache', 'ing', ' the', '\n\n', '{{']) {
      const bytes = new TextEncoder().encode(word);
      assert.deepEqual([table.rank(key(bytes), 0, bytes.length)], reference.encode(word, [], []), word);
    }
    for (const notToken of ['antidisestablishmentarianism', 'zzqxzzqx', '']) assert.equal(table.rank(notToken, 0, notToken.length), NO_RANK, notToken);
  });

  it('rejects bytes that are not a packed table, and a rank file with a gap', async () => {
    await assert.rejects(RankTable.unpack(new TextEncoder().encode('module.exports = {}'), async () => {}), /not a packed rank table/);
    const packed = await packRanks(ranks, async () => {});
    await assert.rejects(RankTable.unpack(packed.subarray(0, packed.length - 1), async () => {}), /packed rank table: \d+ bytes where \d+ were expected/);
    await assert.rejects(packRanks({ pat_str: ranks.pat_str, bpe_ranks: '! 0 IQ== Ig==\n! 5 Iw==' }, async () => {}), /ranks from 5 follow 2 tokens/);
  });
});
