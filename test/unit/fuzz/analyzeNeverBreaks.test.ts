/**
 * Bad input never breaks the analyzer or the advice built on it: for mutated corpus texts,
 * random UTF-16, brace soup and generated prompts, `analyze` and `adviseCachePoints` settle
 * within the time bound without throwing, and what they return keeps its invariants.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Analyzer } from '../../../src/core/analyzer';
import { adviseCachePoints } from '../../../src/core/cacheAdvice';
import { effectiveCacheSettings, type CacheSettings } from '../../../src/core/promptConfig';
import { ANALYZE_OPTIONS } from './corpus';
import { badText } from './generators';
import { describeInput, params, reportCases, timed } from './harness';
import { assertAnalysis, assertFindingsInside, editorLines } from './invariants';
import { FUZZ_CATALOG, generatedPrompt, MODEL_IDS, settingsArb } from './promptGen';

reportCases('analyze never breaks');

const defaultModel = fc.constantFrom(undefined, ...MODEL_IDS);

async function analyzeAndAdvise(text: string, settings: CacheSettings, model: string | undefined, analyzer = new Analyzer()) {
  return timed(`analyze ${describeInput(text)}`, async () => {
    const analysis = await analyzer.analyze(text, { ...ANALYZE_OPTIONS, catalog: FUZZ_CATALOG, defaultModel: model });
    const advice = adviseCachePoints(analysis, effectiveCacheSettings(settings, analysis.config));
    return { analysis, advice };
  });
}

function assertAdvice(text: string, advice: ReturnType<typeof adviseCachePoints>): void {
  const lines = editorLines(text);
  assertFindingsInside(lines, advice.findings);
  for (const s of advice.suggestions) {
    assert.ok(Number.isInteger(s.line) && s.line >= 0 && s.line <= lines.length, `suggestion line ${s.line} outside the document`);
    assert.ok(Number.isFinite(s.expectedSavingUSD) && Number.isFinite(s.savingPerReuseUSD), `suggestion saving is not a number: ${JSON.stringify(s)}`);
  }
  assert.ok(advice.cost !== undefined, 'no cost preview');
}

describe('fuzz: analyze and advise never break', () => {
  it('mutated corpus texts, random UTF-16 and brace soup', async () => {
    await fc.assert(fc.asyncProperty(badText, settingsArb, defaultModel, async (text, settings, model) => {
      const { analysis, advice } = await analyzeAndAdvise(text, settings, model);
      assertAnalysis(text, analysis);
      assertAdvice(text, advice);
    }), params(400));
  });

  it('generated prompts with wrong frontmatter values', async () => {
    await fc.assert(fc.asyncProperty(generatedPrompt, settingsArb, defaultModel, async (text, settings, model) => {
      const { analysis, advice } = await analyzeAndAdvise(text, settings, model);
      assertAnalysis(text, analysis);
      assertAdvice(text, advice);
    }), params(250));
  });

  it('the keystroke memo never changes a result: a reused analyzer agrees with a fresh one', async () => {
    const pair = fc.tuple(fc.oneof(badText, generatedPrompt), fc.oneof(badText, generatedPrompt));
    await fc.assert(fc.asyncProperty(pair, settingsArb, async ([first, second], settings) => {
      const reused = new Analyzer();
      await analyzeAndAdvise(first, settings, undefined, reused);
      const again = await analyzeAndAdvise(second, settings, undefined, reused);
      const fresh = await analyzeAndAdvise(second, settings, undefined);
      assert.deepEqual(again.analysis, fresh.analysis);
    }), params(120));
  });
});
