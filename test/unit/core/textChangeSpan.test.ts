/**
 * The span built from an editor's change events never claims more of the text unchanged than
 * really is, whatever the edits; for one edit it claims exactly what the edit left alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { knownChange, spanAfter, unchangedSpan, type TextEdit } from '../../../src/core/textChangeSpan';

const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n', ' '), maxLength: 200 });
const rawEdit = fc.tuple(fc.nat(), fc.nat(20), fc.string({ unit: fc.constantFrom('a', 'c', '\n'), maxLength: 6 }));

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

describe('text change span', () => {
  it('never claims more than the texts share, at the start or at the end', () => {
    fc.assert(fc.property(text, fc.array(fc.array(rawEdit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (base, events) => {
      let current = base;
      let span = unchangedSpan(base.length);
      for (const event of events) {
        const edits: TextEdit[] = [];
        for (const [at, length, inserted] of event) {
          const rangeOffset = at % (current.length + 1);
          const rangeLength = Math.min(length, current.length - rangeOffset);
          current = current.slice(0, rangeOffset) + inserted + current.slice(rangeOffset + rangeLength);
          edits.push({ rangeOffset, rangeLength, text: inserted });
        }
        span = spanAfter(span, edits);
      }
      const known = knownChange(span, base.length, current.length);
      assert.ok(known);
      assert.ok(known.prefix <= commonPrefix(base, current));
      assert.ok(known.suffix <= commonSuffix(base, current));
      assert.ok(known.prefix + known.suffix <= Math.min(base.length, current.length));
    }), { numRuns: 3000, seed: 11 });
  });

  it('for one edit, claims everything before and after it', () => {
    const span = spanAfter(unchangedSpan(20), [{ rangeOffset: 5, rangeLength: 3, text: 'four' }]);
    assert.deepEqual(knownChange(span, 20, 21), { prefix: 5, suffix: 12 });
  });

  it('claims nothing once an edit does not fit the text, or the text is not the one described', () => {
    const wrong = spanAfter(unchangedSpan(10), [{ rangeOffset: 8, rangeLength: 5, text: '' }]);
    assert.equal(knownChange(wrong, 10, 5), undefined);
    const span = spanAfter(unchangedSpan(10), [{ rangeOffset: 2, rangeLength: 0, text: 'x' }]);
    assert.equal(knownChange(span, 10, 12), undefined);
  });
});
