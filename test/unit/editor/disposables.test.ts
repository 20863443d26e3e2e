/** Disposal that keeps going after a throw, then reports every failure. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DisposableStore, disposeAll, type Disposable } from '../../../src/editor/disposables';

/** A disposable that records its disposal in `log` and, when given an error, throws it. */
function item(name: string, log: string[], error?: Error): Disposable & { count: () => number } {
  let count = 0;
  return {
    dispose() {
      count += 1;
      log.push(name);
      if (error) throw error;
    },
    count: () => count,
  };
}

describe('disposeAll', () => {
  it('disposes every item in order when none throws', () => {
    const log: string[] = [];
    disposeAll([item('a', log), item('b', log), item('c', log)]);
    assert.deepEqual(log, ['a', 'b', 'c']);
  });

  it('keeps disposing after a throw and rethrows that one error as it was', () => {
    const log: string[] = [];
    const boom = new Error('boom');
    assert.throws(() => disposeAll([item('a', log), item('b', log, boom), item('c', log)]), (error) => error === boom);
    assert.deepEqual(log, ['a', 'b', 'c']);
  });

  it('rethrows several errors together as one AggregateError, in disposal order', () => {
    const log: string[] = [];
    const first = new Error('first');
    const second = new Error('second');
    assert.throws(
      () => disposeAll([item('a', log, first), item('b', log), item('c', log, second)]),
      (error) => error instanceof AggregateError && error.errors.length === 2 && error.errors[0] === first && error.errors[1] === second && /2 of the disposed items/.test(error.message),
    );
    assert.deepEqual(log, ['a', 'b', 'c']);
  });

  it('catches throws of any value, not only Error objects', () => {
    const log: string[] = [];
    const odd: Disposable = { dispose() { log.push('odd'); throw 'a string'; } };
    assert.throws(() => disposeAll([odd, item('after', log)]), (error) => error === 'a string');
    assert.deepEqual(log, ['odd', 'after']);
  });
});

describe('DisposableStore', () => {
  it('disposes last added first, every item even when some throw, then rethrows', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    const boom = new Error('boom');
    const returned = store.add(item('log', log));
    store.add(item('service', log, boom));
    store.add(item('provider', log));
    assert.equal(typeof returned.count, 'function', 'add returns the item itself');
    assert.throws(() => store.dispose(), (error) => error === boom);
    assert.deepEqual(log, ['provider', 'service', 'log']);
  });

  it('disposes its items only once', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    const a = store.add(item('a', log));
    store.dispose();
    store.dispose();
    assert.equal(a.count(), 1);
  });

  it('disposes an item added after the store was disposed at once instead of keeping it', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.dispose();
    const late = store.add(item('late', log));
    assert.equal(late.count(), 1);
    store.dispose();
    assert.equal(late.count(), 1);
  });
});
