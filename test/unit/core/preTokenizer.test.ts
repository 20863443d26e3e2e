import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import ranks from 'js-tiktoken/ranks/cl100k_base';
import { CL100K_PATTERN, PreTokenizer } from '../../../src/core/preTokenizer';

const reference = (text: string) => [...text.matchAll(new RegExp(ranks.pat_str, 'gu'))].map((m) => m[0]);
const splitter = new PreTokenizer();

/** Characters at every branch of the pattern: contractions, ASCII and wider letters, digits, spaces, breaks. */
const unit = fc.constantFrom("'", "'s", "'S", "'re", "'Ve", "'ll", "'LL", "'d", "'m", "'t", "'x", "'", 'a', 'Z', 'word', 'é', 'ß', '漢', '😀',
  '0', '7', '1234', '٣', ' ', '  ', '\t', '\n', '\r\n', '\r', '\u000b', '\f', '\u00a0', '\u2028', '.', ',', '(', '{', '-', '--', '"', '\u0000', '\u007f',
  '\u0085', '—', '\ud800', '\udc00', '_', '$');

describe('cl100k pre-tokenizer', () => {
  it('is the encoding\'s own pattern', () => {
    assert.equal(CL100K_PATTERN, ranks.pat_str);
  });

  it('cuts exactly where the regular expression does, on text mixing every character class', () => {
    fc.assert(fc.property(fc.array(unit, { maxLength: 80 }), (units) => {
      const text = units.join('');
      assert.deepEqual(splitter.split(text), reference(text), JSON.stringify(text));
    }), { numRuns: 3000, seed: 11 });
  });

  it('cuts exactly where the regular expression does on any UTF-16 text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 60 }), (a, b) => {
      const text = a + b + a;
      assert.deepEqual(splitter.split(text), reference(text));
    }), { numRuns: 1000, seed: 12 });
  });

  it('cuts this project\'s own source and docs as the regular expression does', () => {
    const root = join(__dirname, '..', '..', '..');
    for (const file of ['README.md', 'src/core/analyzer.ts', 'package.json']) {
      const text = readFileSync(join(root, file), 'utf8');
      assert.deepEqual(splitter.split(text), reference(text), file);
    }
  });
});
