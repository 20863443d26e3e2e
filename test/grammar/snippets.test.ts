// Every snippet expands to well-formed Dotprompt that the grammar colours as the construct it names,
// and the complete cached-prompt template renders through the project's own dotprompt render path.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createDotprompt, renderPrompt, CACHE_POINT_PURPOSE } from '../../src/core/renderer';
import { repoRoot, textsWithScope, tokenize } from './grammarRegistry';
import { expandSnippet } from './snippetText';

interface Snippet { prefix: string | string[]; body: string | string[]; description: string }

const snippets: Record<string, Snippet> = JSON.parse(readFileSync(join(repoRoot, 'snippets', 'dotprompt.json'), 'utf8'));
const bodyOf = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

/** The scope (and the text carrying it) each snippet must produce. */
const expected: Record<string, Array<[scope: string, text: string]>> = {
  Frontmatter: [['punctuation.definition.frontmatter.end.dotprompt', '---'], ['entity.name.tag.yaml', 'temperature']],
  Role: [['keyword.control.role.dotprompt', 'role'], ['string.quoted.double.dotprompt', 'system']],
  'System role': [['keyword.control.role.dotprompt', 'role'], ['string.quoted.double.dotprompt', 'system']],
  'User role': [['keyword.control.role.dotprompt', 'role'], ['string.quoted.double.dotprompt', 'user']],
  'Model role': [['keyword.control.role.dotprompt', 'role'], ['string.quoted.double.dotprompt', 'model']],
  'Cache point': [['entity.name.function.cachepoint.dotprompt', 'cachePoint']],
  'Cache point with TTL': [['entity.name.function.cachepoint.dotprompt', 'cachePoint'], ['entity.other.attribute-name.dotprompt', 'ttl'], ['string.quoted.double.dotprompt', '5m']],
  Media: [['support.function.media.dotprompt', 'media'], ['entity.other.attribute-name.dotprompt', 'url']],
  History: [['variable.language.history.dotprompt', 'history']],
  Section: [['keyword.other.section.dotprompt', 'section'], ['string.quoted.double.dotprompt', 'name']],
  Partial: [['entity.name.type.partial.dotprompt', 'name']],
  'If block': [['keyword.control.conditional.dotprompt', 'if'], ['variable.other.readwrite.dotprompt', 'condition'], ['meta.expression.block.end.dotprompt', '/']],
  'If-else block': [['keyword.control.conditional.dotprompt', 'if'], ['keyword.control.else.dotprompt', 'else']],
  'Each block': [['keyword.control.loop.dotprompt', 'each'], ['variable.language.this.dotprompt', 'this']],
  Comment: [['comment.block.dotprompt', ' note ']],
  'Cached prompt': [
    ['punctuation.definition.frontmatter.end.dotprompt', '---'],
    ['keyword.control.role.dotprompt', 'role'],
    ['entity.name.function.cachepoint.dotprompt', 'cachePoint'],
    ['variable.other.readwrite.dotprompt', 'document'],
    ['variable.other.readwrite.dotprompt', 'question'],
  ],
};

test('every snippet has a prefix, a description and an expected colouring check', () => {
  assert.deepEqual(Object.keys(snippets).sort(), Object.keys(expected).sort());
  for (const [name, s] of Object.entries(snippets)) {
    assert.ok([s.prefix].flat().every((p) => p.length > 0), `${name}: prefix`);
    assert.ok(s.description.length > 10, `${name}: description`);
  }
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to text the grammar colours as intended`, async () => {
    const { text, defaults } = expandSnippet(bodyOf(snippet));
    assert.doesNotMatch(text, /\$\{|\$\d/, 'no unexpanded tab stops');
    // Mirrored placeholders (same number) must share one default, or accepting it edits only one.
    for (const [index, values] of defaults) assert.equal(new Set(values.filter(Boolean)).size <= 1, true, `$${index} defaults differ: ${values}`);
    const tokens = await tokenize(text);
    for (const [scope, piece] of expected[name]) {
      assert.ok(textsWithScope(tokens, scope).some((run) => run.includes(piece)), `${name}: "${piece}" should carry ${scope} in:\n${text}`);
    }
  });
}

test('the cached-prompt template renders to a system prompt and a user message, each with a cache point', async () => {
  const { text } = expandSnippet(bodyOf(snippets['Cached prompt']));
  const rendered = await renderPrompt(createDotprompt(), text, { input: { document: 'The long document.', question: 'Which clause?' } });
  assert.equal(rendered.model, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
  assert.deepEqual(rendered.messages.map((m) => m.role), ['system', 'user']);
  const cachePoints = rendered.messages.map((m) => m.content.filter((p) => String(p.metadata?.purpose ?? '').startsWith(CACHE_POINT_PURPOSE)).map((p) => p.metadata?.purpose));
  assert.deepEqual(cachePoints, [[CACHE_POINT_PURPOSE], [`${CACHE_POINT_PURPOSE}:5m`]]);
  const userText = rendered.messages[1].content.map((p) => ('text' in p ? p.text : '')).join('');
  assert.match(userText, /The long document\./);
  assert.match(userText, /Question: Which clause\?$/, 'the changing question comes last');
});
