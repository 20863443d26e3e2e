/** The ranks the build packed beside the bundle are read whole, and used when they are there. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ranks from 'js-tiktoken/ranks/cl100k_base';
import { packRanks } from '../../../src/core/rankTable';
import { PACKED_RANKS, readPackedRanks } from '../../../src/node/rankFile';

describe('packed ranks read from disk', () => {
  it('reads back exactly what was packed', async () => {
    const packed = await packRanks(ranks, async () => {});
    const dir = mkdtempSync(join(tmpdir(), 'pcs-ranks-'));
    const path = join(dir, PACKED_RANKS);
    writeFileSync(path, packed);
    assert.deepEqual(await readPackedRanks(path), packed);
  });

  it('fails on a missing file with its path', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pcs-ranks-')), PACKED_RANKS);
    await assert.rejects(readPackedRanks(path), (error: NodeJS.ErrnoException) => error.code === 'ENOENT' && String(error.message).includes(path));
  });
});
