/**
 * The planner, diagnostics, quick fixes and cost preview on Analyses produced by the real
 * analyzer from .prompt text (the other planner tests use hand-made Analyses).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../../src/core/suggestionEdits';
import type { Analysis } from '../../../../src/core/analysis';
import { planCachePoints } from '../../../../src/core/cachePlanner';
import { cachePointFindings, quickFixesFor } from '../../../../src/core/cachePointRules';
import { costPreview } from '../../../../src/core/costPreview';
import { analyze, prose } from '../../helpers/analyze';
import { settings } from '../../helpers/plannerFixtures';

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const DOC = prose(1800);

function contract(pointLine = ''): string {
  return `---
model: ${MODEL}
input:
  schema:
    question: string
---
{{role "system"}}
You are a careful contract analyst. Quote clause numbers.
{{role "user"}}
Here is the contract:
${DOC}
Question: {{question}}
${pointLine}`;
}


function insertSuggestion(text: string, analysis: Analysis): string {
  const [s] = planCachePoints(analysis, settings());
  const lines = text.split('\n');
  lines.splice(s.line, 0, s.insertText);
  return lines.join('\n');
}

describe('planner on analyzed prompts', () => {
  it('suggests the point right before the question line, and is satisfied once it is there', async () => {
    const text = contract();
    const analysis = await analyze(text);
    const suggestions = planCachePoints(analysis, settings());
    assert.equal(suggestions.length, 1);
    const lines = text.split('\n');
    assert.equal(lines[suggestions[0].line], 'Question: {{question}}');
    assert.ok(suggestions[0].prefixTokens >= 1024);
    const fixed = insertSuggestion(text, analysis);
    const again = await analyze(fixed);
    assert.equal(again.cachePoints.length, 1);
    assert.deepEqual(planCachePoints(again, settings()), []);
    assert.deepEqual(cachePointFindings(again, settings()), []);
    // The point closes the same prefix the suggestion promised (within a line break).
    assert.ok(Math.abs(again.cachePoints[0].prefixTokens - suggestions[0].prefixTokens) <= 2);
  });

  it('reads blocks in Bedrock order: a system prompt written after the user text still comes first', async () => {
    const text = `---
model: ${MODEL}
---
Answer this: {{question}}
{{role "system"}}
${DOC}
`;
    const analysis = await analyze(text);
    const [s, ...rest] = planCachePoints(analysis, settings());
    assert.equal(rest.length, 0);
    assert.equal(s.field, 'system');
    assert.ok(s.line > text.split('\n').indexOf('{{role "system"}}'));
  });

  it('flags a point after the question and its quick fix moves it before the question', async () => {
    const text = contract('{{cachePoint}}\n');
    const analysis = await analyze(text);
    const findings = cachePointFindings(analysis, settings());
    assert.deepEqual(findings.map((f) => f.code), ['cache-after-changing']);
    assert.match(findings[0].message, /\{\{question\}\} on line 12/);
    const move = quickFixesFor(findings[0], analysis, text).find((f) => f.isPreferred);
    assert.ok(move);
    const fixed = applyEdits(text, move.edits);
    const lines = fixed.split('\n');
    assert.equal(lines[lines.indexOf('Question: {{question}}') - 1], '{{cachePoint}}');
    const again = await analyze(fixed);
    assert.deepEqual(cachePointFindings(again, settings()), []);
  });

  it('previews the cost of the suggested point', async () => {
    const preview = costPreview(await analyze(contract()), settings());
    assert.equal(preview.source, 'suggested');
    assert.ok(preview.main && preview.main.laterCallUSD < (preview.withoutCacheUSD ?? 0));
    assert.equal(preview.main?.breakEvenReuses, 1);
  });
});
