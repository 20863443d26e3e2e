// The language configuration agrees with the grammar (its comment markers make a comment the
// grammar recognises) and its regexes, which VS Code runs as JavaScript RegExps, do what they say.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, textsWithScope, tokenize } from './grammarRegistry';

interface Pair { open: string; close: string; notIn?: string[] }
const config = JSON.parse(readFileSync(join(repoRoot, 'language-configuration.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

test('package.json points the dotprompt language at this configuration', () => {
  const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'dotprompt');
  assert.equal(language.configuration, './language-configuration.json');
});

test('toggling a block comment produces a comment the grammar colours as one', async () => {
  const [open, close] = config.comments.blockComment as [string, string];
  assert.deepEqual([open, close], ['{{!--', '--}}']);
  const tokens = await tokenize(`${open} {{cachePoint}} ${close}\n{{question}}`);
  assert.deepEqual(textsWithScope(tokens, 'comment.block.dotprompt'), [`${open} {{cachePoint}} ${close}`]);
  assert.deepEqual(textsWithScope(tokens, 'entity.name.function.cachepoint.dotprompt'), [], 'nothing inside the comment is a cache point');
  assert.deepEqual(textsWithScope(tokens, 'variable.other.readwrite.dotprompt'), ['question']);
});

test('brackets, auto-closing and surrounding pairs cover mustaches, braces and quotes', () => {
  const brackets = (config.brackets as [string, string][]).map(([o, c]) => o + c);
  for (const pair of ['{{}}', '{}', '[]', '()']) assert.ok(brackets.includes(pair), `bracket ${pair}`);
  const closing = new Map((config.autoClosingPairs as Pair[]).map((p) => [p.open, p]));
  for (const [open, close] of [['{{', '}}'], ['{', '}'], ['[', ']'], ['(', ')'], ['"', '"'], ["'", "'"]]) {
    assert.equal(closing.get(open)?.close, close, `auto-close ${open}`);
  }
  assert.deepEqual(closing.get('"')?.notIn, ['string', 'comment'], 'no doubled quote inside a string');
  const surrounding = (config.surroundingPairs as [string, string][]).map(([o, c]) => o + c);
  for (const pair of ['{}', '[]', '()', '""', "''"]) assert.ok(surrounding.includes(pair), `surround with ${pair}`);
});

const start = new RegExp(config.folding.markers.start);
const end = new RegExp(config.folding.markers.end);

test('folding: a block helper opened on its own line starts a region and its closing tag ends it', () => {
  assert.equal(config.folding.offSide, false);
  for (const line of ['{{#if contract}}', '  {{#each clauses as |c|}}', '{{~#with party~}}', '{{#> layout}}', '{{^if ready}}', '{{!-- #region examples --}}', '{{!-- region --}}']) {
    assert.match(line, start, line);
  }
  for (const line of ['{{/if}}', '  {{/each}}', '{{~/with~}}', '{{!-- #endregion --}}']) assert.match(line, end, line);
});

test('folding: one-line blocks, text and plain mustaches are not markers', () => {
  for (const line of ['{{#if short}}yes{{/if}}', 'Text with {{#if x}} inside', '{{question}}', '{{role "user"}}', '{{!-- a comment --}}', '{{^}}', '{{else}}', '#region in text']) {
    assert.doesNotMatch(line, start, line);
    assert.doesNotMatch(line, end, line);
  }
});

/** The word VS Code would select at `column` (double-click, Ctrl+D). */
function wordAt(line: string, column: number): string | undefined {
  const pattern = new RegExp(config.wordPattern, 'g');
  for (const m of line.matchAll(pattern)) if (m.index! <= column && column < m.index! + m[0].length) return m[0];
  return undefined;
}

test('word pattern: helper names, variables, @data names and hyphenated names are whole words', () => {
  const line = '{{cachePoint ttl="1h"}} {{@index}} {{> house_style}} {{my-var}} {{doc.title}}';
  assert.equal(wordAt(line, line.indexOf('Point')), 'cachePoint');
  assert.equal(wordAt(line, line.indexOf('ttl')), 'ttl');
  assert.equal(wordAt(line, line.indexOf('index')), '@index');
  assert.equal(wordAt(line, line.indexOf('style')), 'house_style');
  assert.equal(wordAt(line, line.indexOf('var')), 'my-var');
  assert.equal(wordAt(line, line.indexOf('title')), 'title', 'a path segment is its own word');
  assert.equal(wordAt(line, line.indexOf('{{')), undefined, 'braces are not part of a word');
});
