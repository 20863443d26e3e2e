/**
 * A detached copy keeps nothing of the string it was cut from alive: kept pieces of many large
 * texts cost the pieces, not the texts (a plain slice keeps every text).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { detached } from '../../../src/core/detachedString';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap growth, in MB, from keeping one 100-character piece of each of 30 fresh 1 MB texts. */
function retainedMB(keep: (piece: string) => string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < 30; i++) {
    const text = `${i} ${'prompt caching on Bedrock '.repeat(40_000)}`;
    kept.push(keep(text.slice(1000, 1100)));
  }
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  assert.equal(kept.length, 30);
  return grown;
}

describe('detached strings', () => {
  it('are equal to what they copy', () => {
    for (const s of ['', 'short', 'x'.repeat(12), 'a longer piece of text', '≈ two-byte text, long enough']) assert.equal(detached(s), s);
  });

  it('do not keep the text they were cut from alive', () => {
    const sliced = retainedMB((piece) => piece);
    const copied = retainedMB(detached);
    // 30 texts of 1 MB each: the slices keep them all, the copies none.
    assert.ok(sliced > 20, `slices kept ${sliced.toFixed(1)} MB`);
    assert.ok(copied < 2, `copies kept ${copied.toFixed(1)} MB`);
  });
});
