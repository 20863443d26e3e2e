// Files written for Gemini or OpenAI: config Bedrock would reject gets a finding on its key and is
// not sent; schemas only code defines, invalid Picoschema, optional and unused schema fields, and a
// variable media URL before a cache point are each reported where they are written.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { adviseCachePoints } from '../../../src/core/cacheAdvice';
import { DEFAULT_CACHE_SETTINGS } from '../../../src/core/promptConfig';
import { missingInputs, preparePrompt } from '../../../src/node/promptPreparation';
import { analyze } from '../helpers/analyze';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'us.amazon.nova-pro-v1:0';

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-genkit-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 'p.prompt'), text);
  return join(dir, 'p.prompt');
}

const codes = (findings: { code: string; severity: string; range: { start: { line: number } } }[], prefix: string) =>
  findings.filter((f) => f.code.startsWith(prefix)).map((f) => [f.code, f.severity, f.range.start.line + 1]);

describe('config Bedrock will not accept', () => {
  const gemini = `---\nmodel: ${CLAUDE}\nconfig:\n  temperature: 1.5\n  topK: 40\n  maxOutputTokens: 200000\n  safetySettings:\n    - category: HARM_CATEGORY_HATE_SPEECH\n      threshold: BLOCK_NONE\n  thinkingConfig:\n    thinkingBudget: 1024\n  tools:\n    - googleSearch: {}\n---\nHello\n`;

  it('a finding on each key, none an error', async () => {
    const a = await analyze(gemini);
    assert.deepEqual(codes(a.findings, 'config'), [
      ['config-range', 'warning', 4], ['config-range', 'warning', 6], ['config-mapped', 'info', 5],
      ['config-unsupported', 'warning', 7], ['config-unsupported', 'warning', 10], ['config-unsupported', 'warning', 12],
    ]);
    assert.match(a.findings.find((f) => f.range.start.line === 3)!.message, /outside 0–1 for Claude/);
  });

  it('the request carries only what the model takes: topK as top_k, the rest dropped, maxTokens capped', async () => {
    const { built } = await preparePrompt({ file: file(gemini) });
    assert.deepEqual(built.request.additionalModelRequestFields, { top_k: 40 });
    assert.equal(built.request.inferenceConfig?.temperature, undefined);
    assert.equal(built.request.inferenceConfig?.maxTokens, 64000);
  });

  it('Nova takes topK under inferenceConfig', async () => {
    const { built } = await preparePrompt({ file: file(`---\nmodel: ${NOVA}\nconfig:\n  topK: 20\n---\nHello\n`) });
    assert.deepEqual(built.request.additionalModelRequestFields, { inferenceConfig: { topK: 20 } });
  });

  it('temperature 1.5 is fine for a model outside these families', async () => {
    const a = await analyze(`---\nmodel: openai/gpt-4o\nconfig:\n  temperature: 1.5\n---\nHello\n`);
    assert.deepEqual(codes(a.findings, 'config'), []);
    assert.equal(a.config.inference.temperature, 1.5);
  });
});

describe('schemas', () => {
  it('optional and unused fields are never demanded as inputs', async () => {
    const a = await analyze(`---\nmodel: ${CLAUDE}\ninput:\n  schema:\n    name: string\n    nickname?: string\n    unused: string\n---\nHi {{name}} {{nickname}}\n`);
    assert.deepEqual(missingInputs(a, {}), ['name']);
  });

  it('a named schema that is not declared: a finding at the line naming it', async () => {
    const a = await analyze(`---\nmodel: ${CLAUDE}\ninput:\n  schema: Recipe\n---\nMake {{food}}\n`);
    assert.deepEqual(codes(a.findings, 'schema'), [['schema-undeclared', 'warning', 4]]);
    const declared = await analyze(`---\nmodel: ${CLAUDE}\ninput:\n  schema: Recipe\n---\nMake {{food}}\n`, { declared: { schemas: { Recipe: { type: 'object' } } } });
    assert.deepEqual(codes(declared.findings, 'schema'), []);
  });

  it('invalid Picoschema: a finding at its line', async () => {
    const a = await analyze(`---\nmodel: ${CLAUDE}\ninput:\n  schema:\n    name: string\n    count?(number): integer\n---\nHi {{name}}\n`);
    assert.deepEqual(codes(a.findings, 'schema'), [['schema-invalid', 'warning', 6]]);
  });
});

describe('a variable media URL', () => {
  it('before a cache point: changing media inside the cached prefix, not an empty message', async () => {
    const a = await analyze(`---\nmodel: ${CLAUDE}\n---\n{{role "user"}}\nLook at this picture.\n{{media url=photo}}\n{{cachePoint}}\nWhat is in it?\n`);
    const advice = adviseCachePoints(a, DEFAULT_CACHE_SETTINGS);
    const messages = advice.findings.map((f) => `${f.code}: ${f.message}`);
    assert.ok(messages.some((m) => m.startsWith('cache-after-changing') && /changing media inside the cached prefix/.test(m)), messages.join('\n'));
    assert.ok(!messages.some((m) => /only the cache point/.test(m)), messages.join('\n'));
    assert.deepEqual(missingInputs(a, {}), ['photo']);
  });
});
