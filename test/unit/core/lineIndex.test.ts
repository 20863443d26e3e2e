import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineIndex } from '../../../src/core/lineIndex';

function starts(index: LineIndex): number[] {
  return Array.from({ length: index.lineCount }, (_, i) => index.lineStart(i));
}

const textArb = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '\n\n', 'xyz', '\r\n', '\r'), maxLength: 9000 });
const edit = fc.tuple(fc.nat(), fc.nat(40), fc.string({ unit: fc.constantFrom('q', '\n', ' ', '\r', 'ab'), maxLength: 12 }));

describe('line index', () => {
  it('built from the previous version of a text, equals one built from scratch', () => {
    fc.assert(fc.property(textArb, fc.array(edit, { minLength: 1, maxLength: 5 }), (text, edits) => {
      let previous = new LineIndex(text);
      let current = text;
      for (const [at, removed, inserted] of edits) {
        const i = at % (current.length + 1);
        current = current.slice(0, i) + inserted + current.slice(i + removed);
        const updated = LineIndex.update(previous, current);
        assert.deepEqual(starts(updated), starts(new LineIndex(current)), JSON.stringify({ current }));
        assert.equal(updated.text, current);
        previous = updated;
      }
    }), { numRuns: 1500, seed: 31 });
  });

  it('built from an unrelated text or from nothing, equals one built from scratch', () => {
    const a = 'one\ntwo\nthree\n'.repeat(2000);
    const b = 'four\n\nfive'.repeat(1500);
    assert.deepEqual(starts(LineIndex.update(new LineIndex(a), b)), starts(new LineIndex(b)));
    assert.deepEqual(starts(LineIndex.update(undefined, b)), starts(new LineIndex(b)));
    assert.deepEqual(starts(LineIndex.update(new LineIndex(a), a)), starts(new LineIndex(a)));
  });

  it('takes the editor\'s account of an edit only when it is about the previous text', () => {
    const before = 'one\ntwo\nthree\n'.repeat(50);
    const after = `${before.slice(0, 10)}\nnew\n${before.slice(10)}`;
    const previous = new LineIndex(before);
    // Less than the texts really share, so it shows the account was used rather than a comparison.
    const told = LineIndex.update(previous, after, { from: before, prefix: 8, suffix: 100 });
    assert.deepEqual(told.change, { prefix: 8, suffix: 100 });
    assert.deepEqual(starts(told), starts(new LineIndex(after)));
    // An account of some other text, or one that cannot fit, is not used: the texts are compared.
    const other = LineIndex.update(previous, after, { from: 'another text', prefix: 0, suffix: 0 });
    const tooLong = LineIndex.update(previous, after, { from: before, prefix: before.length, suffix: 5 });
    for (const index of [other, tooLong]) {
      assert.deepEqual(index.change, { prefix: 10, suffix: before.length - 10 });
      assert.deepEqual(starts(index), starts(new LineIndex(after)));
    }
  });
});
