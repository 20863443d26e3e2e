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
});
