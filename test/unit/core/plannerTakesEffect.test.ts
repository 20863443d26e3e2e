/**
 * A suggestion is offered only where inserting it takes effect: the inputs the planner fuzz
 * found (seeds 777 and 3: a tools point in a frontmatter that is never closed; seed 2026: a
 * marker after a comment that is never closed, which swallows it), and the same inputs repaired,
 * where the suggestion is offered and re-analysis finds the point.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';
import { adviseCachePoints } from '../../../src/core/cacheAdvice';
import { DEFAULT_CACHE_SETTINGS, effectiveCacheSettings } from '../../../src/core/promptConfig';
import { applyEdits, insertionEdit } from '../../../src/core/suggestionEdits';
import { FUZZ_CATALOG } from '../fuzz/promptGen';

const SETTINGS = { ...DEFAULT_CACHE_SETTINGS, strategy: 'conservative' as const, threshold: 0 };

async function plan(text: string, model: string) {
  const analysis = await new Analyzer().analyze(text, { catalog: FUZZ_CATALOG, defaultModel: model });
  return { analysis, advice: adviseCachePoints(analysis, effectiveCacheSettings(SETTINGS, analysis.config)) };
}

async function pointsAfterInserting(text: string, model: string): Promise<{ suggested: number; before: number; after: number }> {
  const { analysis, advice } = await plan(text, model);
  const fixed = applyEdits(text, advice.suggestions.map(insertionEdit));
  return { suggested: advice.suggestions.length, before: analysis.cachePoints.length, after: (await plan(fixed, model)).analysis.cachePoints.length };
}

const TOOLS = 'bedrock.tools: [{name: lookup, description: "Looks up an order by its number and returns its state and items in detail"}]';
const COMMENT = '{{!-----\nconfig:\n  temperature: 3\ncustom: prop\n---\nHello, world.\n';

describe('planner: suggestions take effect', () => {
  it('offers no tools point when the frontmatter is never closed (no line reads cache.tools)', async () => {
    const text = `---\n${TOOLS}\n\n`;
    const { analysis, advice } = await plan(text, 'fuzz.small-all');
    assert.ok(analysis.blocks.some((b) => b.kind === 'tools' && b.tokens >= 40), 'the tools are counted');
    assert.deepEqual(advice.suggestions, []);
  });

  it('offers the tools point once the frontmatter is closed, and it takes effect', async () => {
    const result = await pointsAfterInserting(`---\n${TOOLS}\n---\n\n`, 'fuzz.small-all');
    assert.equal(result.suggested, 1);
    assert.equal(result.after, result.before + 1);
  });

  it('offers no marker after a comment that is never closed (it would swallow the marker)', async () => {
    const { advice } = await plan(COMMENT, 'fuzz.one-point');
    assert.deepEqual(advice.suggestions, []);
    // Nor anywhere after any other unclosed {{.
    assert.deepEqual((await plan('{{role "system"}}\nRules for answering questions about orders and returns.\n{{oops\nmore text\n', 'fuzz.one-point')).advice.suggestions, []);
  });

  it('offers the marker once the comment is closed, and it takes effect', async () => {
    const result = await pointsAfterInserting(COMMENT.replace('---\nHello', `---}}\n${'Hello, world. '.repeat(10)}Hello`), 'fuzz.one-point');
    assert.equal(result.suggested, 1);
    assert.equal(result.after, result.before + 1);
  });
});

describe('planner: found with fresh fuzz seed 1153265199', () => {
  it('a tools point before an author\'s 1h point is a 1h point, as the request sends it', async () => {
    const text = `---\n${TOOLS}\n---\n{{#if flag}}\nwithin\n\n{{/if}}\n{{cachePoint ttl="1h"}}\n`;
    const { advice } = await plan(text, 'fuzz.small-all');
    assert.deepEqual(advice.suggestions.map((s) => [s.kind, s.ttl]), [['tools', '1h']]);
  });

  it('a system point and a message point closing the same prefix are measured in Bedrock\'s order', async () => {
    const body = 'within days service policy policy policy service policy service service service notice service service the notice service\n'
      + 'the service service the policy the each service service policy notice service service service policy the the\nservice policy service the\n';
    const text = `---\n\n---\n{{#if flag}}\nwithin\n\n{{/if}}\n{{cachePoint}}\n{{role "system"}}\n{{cachePoint}}\n${body}{{cachePoint}}\n`;
    const { analysis } = await plan(text, 'fuzz.small-all');
    const system = analysis.cachePoints.find((p) => p.field === 'system' && p.afterBlock >= 0)!;
    const message = analysis.cachePoints.find((p) => p.field === 'message')!;
    assert.equal(system.prefixTokens, message.prefixTokens);
    // The system point comes first in Bedrock's order: it closes the whole system prompt, and the
    // message point after it adds nothing.
    assert.equal(system.segmentTokens, system.prefixTokens);
    assert.equal(message.segmentTokens, 0);
  });
});
