/**
 * Typing into the prose of a block that holds a variable re-renders it from its last render,
 * without Handlebars, and counts what a fresh analysis counts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';

const TEXT = `---
model: us.anthropic.claude-sonnet-4-5-20250929-v1:0
input:
  default:
    question: What changed in the last release?
---
{{role "system"}}
You answer questions about release notes.
{{role "user"}}
Read the notes carefully before answering.
Question: {{question}}
Thank you.
`;

describe('analyzer: keystrokes in a block with a variable', () => {
  it('splices the render instead of running Handlebars, with the counts of a fresh analysis', async () => {
    const analyzer = new Analyzer();
    await analyzer.analyze(TEXT);
    const before = analyzer.templateRenderCount;
    let text = TEXT;
    for (const [from, to] of [['carefully', 'thoroughly'], ['Thank', 'Thanks'], ['notes', 'notez']] as const) {
      text = text.replace(from, to);
      const typed = await analyzer.analyze(text);
      const fresh = await new Analyzer().analyze(text);
      assert.deepEqual(typed.blocks.map((b) => b.rawTokens), fresh.blocks.map((b) => b.rawTokens), to);
    }
    assert.equal(analyzer.templateRenderCount, before);
    // A change next to the variable renders again.
    await analyzer.analyze(text.replace('Question: {{question}}', 'Question:{{question}}'));
    assert.equal(analyzer.templateRenderCount, before + 1);
  });
});
