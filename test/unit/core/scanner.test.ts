import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MustacheMatcher, scanBody } from '../../../src/core/scanner';

/**
 * The regular expression the matcher replaces, run (as the scanner ran it) on the text up to its
 * last `}}`: the reference for what a match is.
 */
const REFERENCE = /\\\{\{|\{\{~?!--[\s\S]*?--~?\}\}|\{\{~?![\s\S]*?\}\}|\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g;

function referenceExec(text: string, from: number): { start: number; end: number } | null {
  REFERENCE.lastIndex = from;
  const m = REFERENCE.exec(text.slice(0, text.lastIndexOf('}}') + 2));
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}

const soup = fc.string({ unit: fc.constantFrom('{', '}', '{{', '}}', '{{{', '}}}', '\\', '~', '!', '--', '-', ' ', 'a', '\n', '#if x', '/if'), maxLength: 60 });

describe('mustache matcher', () => {
  it('finds from every offset exactly what the regular expression finds', () => {
    fc.assert(fc.property(soup, (text) => {
      const matcher = new MustacheMatcher(text);
      // Growing offsets, as the scanner asks, then every offset on a fresh matcher.
      for (let from = 0, m; (m = matcher.exec(from)) !== null; from = m.end) assert.deepEqual(m, referenceExec(text, from), JSON.stringify(text));
      for (let from = 0; from <= text.length; from++) assert.deepEqual(new MustacheMatcher(text).exec(from), referenceExec(text, from), `${JSON.stringify(text)} from ${from}`);
    }), { numRuns: 3000, seed: 7 });
  });

  it('reports each of thousands of unclosed {{ before one }}, and the mustache after them', () => {
    const text = `${'{{a '.repeat(5000)}}}\nafter {{question}}\n`;
    const scan = scanBody(text, 0);
    assert.equal(scan.problems.filter((p) => p.code === 'mustache-unclosed').length, 4999);
    assert.deepEqual(scan.mustaches.map((m) => [m.name, m.start]), [['a', 4 * 4999], ['question', text.indexOf('{{question')]]);
  });

  it('reports each of thousands of unclosed {{{ and {{!-- as the regular expression scanner did', () => {
    const triple = scanBody(`${'{{{a '.repeat(3000)}}}}\n`, 0);
    assert.equal(triple.problems.length, 2999);
    assert.equal(triple.mustaches.length, 1);
    const comments = scanBody(`${'{{!-- a '.repeat(3000)}--}}{{x}}`, 0);
    assert.deepEqual(comments.mustaches.map((m) => m.kind), ['comment', 'expr']);
    assert.equal(comments.problems.length, 0);
  });
});
