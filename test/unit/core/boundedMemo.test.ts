import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMemo } from '../../../src/core/boundedMemo';

describe('bounded memo', () => {
  it('forgets the oldest entries once it holds too many characters', () => {
    const memo = new BoundedMemo<number>(100, 10);
    memo.set('a', 1, 4);
    memo.set('b', 2, 4);
    assert.equal(memo.chars, 8);
    memo.set('c', 3, 4);
    assert.equal(memo.get('a'), undefined);
    assert.equal(memo.get('b'), 2);
    assert.equal(memo.get('c'), 3);
    assert.equal(memo.chars, 8);
  });

  it('forgets the oldest entries once it holds too many of them', () => {
    const memo = new BoundedMemo<number>(2, 1000);
    for (const [i, key] of ['a', 'b', 'c'].entries()) memo.set(key, i, 1);
    assert.deepEqual([memo.get('a'), memo.get('b'), memo.get('c')], [undefined, 1, 2]);
    assert.equal(memo.size, 2);
  });

  it('forgets a deleted entry and the characters it held', () => {
    const memo = new BoundedMemo<number>(10, 10);
    memo.set('a', 1, 3);
    memo.set('b', 2, 4);
    memo.delete('a');
    memo.delete('missing');
    assert.deepEqual([memo.get('a'), memo.get('b'), memo.size, memo.chars], [undefined, 2, 1, 4]);
  });

  it('keeps the newest entry even when it alone is over the limit', () => {
    const memo = new BoundedMemo<string>(10, 5);
    memo.set('small', 'x', 1);
    memo.set('huge', 'y', 50);
    assert.equal(memo.get('small'), undefined);
    assert.equal(memo.get('huge'), 'y');
  });

  it('counts what an entry grows by, and replacing an entry drops its old size', () => {
    const memo = new BoundedMemo<number>(10, 10);
    memo.set('a', 1, 3);
    memo.set('b', 2, 3);
    memo.grow('b', 3);
    assert.equal(memo.chars, 9);
    memo.grow('b', 2);
    assert.equal(memo.get('a'), undefined);
    assert.equal(memo.chars, 8);
    memo.set('b', 5, 1);
    assert.equal(memo.chars, 1);
    memo.grow('missing', 100);
    assert.equal(memo.chars, 1);
  });
});
