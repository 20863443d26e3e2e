/** The rank file read as data gives what loading it as a module gives, and a clear error otherwise. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ranks from 'js-tiktoken/ranks/cl100k_base';
import { readRankFile } from '../../../src/node/rankFile';

describe('rank file read as data', () => {
  it('equals the module js-tiktoken ships', async () => {
    const file = await readRankFile(require.resolve('js-tiktoken/ranks/cl100k_base'));
    assert.equal(file.pat_str, ranks.pat_str);
    assert.equal(file.bpe_ranks, ranks.bpe_ranks);
  });

  it('names the file that holds no rank table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcs-ranks-'));
    const path = join(dir, 'cl100k_base.cjs');
    writeFileSync(path, 'module.exports = {"pat_str": "x"};\n');
    await assert.rejects(readRankFile(path), (error: Error) => error.message === `${path} has no pat_str or bpe_ranks.`);
  });
});
