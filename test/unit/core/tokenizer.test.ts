import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import ranks from 'js-tiktoken/ranks/cl100k_base';
import { loadTokenCounter, splitAtLineStarts } from '../../../src/core/tokenizer';
import { createDotprompt, renderFragmentText } from '../../../src/core/renderer';
import { REPO_ROOT } from '../../support/paths';

const reference = new Tiktoken(ranks);
const exact = (text: string) => reference.encode(text, [], []).length;
const examples = join(REPO_ROOT, 'examples');
const corpus = readdirSync(examples).filter((f) => f.endsWith('.prompt')).map((f) => readFileSync(join(examples, f), 'utf8'));

describe('token counter', () => {
  it('counts long texts piecewise with exactly the whole-text count', async () => {
    const counter = await loadTokenCounter();
    const code = readFileSync(join(REPO_ROOT, 'src', 'core', 'analyzer.ts'), 'utf8');
    for (const text of [...corpus, code, corpus.join('\n  \n\t'), 'é😀 漢字\n'.repeat(500)]) {
      assert.equal(counter.count(text), exact(text));
    }
  });

  it('piecewise counting is exact on random text with line breaks and indentation', async () => {
    const counter = await loadTokenCounter();
    const line = fc.stringMatching(/^[ \t]{0,3}[a-zA-Z0-9 .,;:'"(){}<>|!?-]{0,60}[ ]{0,2}$/);
    fc.assert(fc.property(fc.array(line, { minLength: 30, maxLength: 120 }), fc.constantFrom('\n', '\r\n', '\n\n'), (lines, eol) => {
      const text = lines.join(eol);
      assert.equal(counter.count(text), exact(text));
    }), { numRuns: 150, seed: 424242 });
  });

  it('cuts only right after a line break followed by indentation and a non-space character', () => {
    const text = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? '  indented line' : i % 5 === 0 ? '\t' : `line ${i}`)).join('\n');
    const pieces = splitAtLineStarts(text, 64);
    assert.equal(pieces.join(''), text);
    assert.ok(pieces.length > 5);
    for (const piece of pieces.slice(0, -1)) assert.ok(piece.endsWith('\n'));
    for (const piece of pieces.slice(1)) assert.match(piece, /^[ \t]*\S/);
    // Code indented throughout is still cut, so an edit re-encodes one stretch of it, not all.
    const code = Array.from({ length: 200 }, (_, i) => `    const value${i} = compute(${i});`).join('\n');
    assert.ok(splitAtLineStarts(code, 64).length > 50);
  });

  it('piecewise counting is exact on indented code, blank lines and mixed whitespace', async () => {
    const counter = await loadTokenCounter();
    const line = fc.tuple(fc.constantFrom('', ' ', '  ', '    ', '\t', '\t ', ' \u00a0'), fc.stringMatching(/^[a-z0-9 ;(){}.,'"-]{0,30}$/), fc.constantFrom('', ' ', '\t'));
    fc.assert(fc.property(fc.array(line, { minLength: 40, maxLength: 160 }), fc.constantFrom('\n', '\r\n', '\n\n', '\n \n'), (lines, eol) => {
      const text = lines.map((parts) => parts.join('')).join(eol);
      assert.equal(counter.count(text), exact(text), JSON.stringify(text));
    }), { numRuns: 300, seed: 20261127 });
  });

  it('counts special-token strings as plain text', async () => {
    const counter = await loadTokenCounter();
    assert.equal(counter.count('a <|endoftext|> b'), exact('a <|endoftext|> b'));
  });
});

describe('fragment rendering', () => {
  it('plain text renders to itself, exactly as dotprompt would render it', async () => {
    const env = createDotprompt();
    for (const fragment of ['Plain text.\nSecond line  \n', 'ünïcödé — quotes "x" & <b>tags</b>', '  leading spaces']) {
      const viaDotprompt = (await env.render(fragment + '{{! force the template path }}')).messages.flatMap((m) => m.content).map((p) => ('text' in p ? p.text : '')).join('');
      assert.equal(await renderFragmentText(env, fragment, {}), viaDotprompt);
    }
  });
});
