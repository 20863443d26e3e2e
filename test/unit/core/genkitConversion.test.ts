// A Genkit prompt brought to Bedrock: the mapping offered on the `model:` line, the project file
// that declares a helper or a mapping, and the one edit that converts the file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertForBedrockEdits, DEFAULT_BEDROCK_MODEL, projectFileWith } from '../../../src/core/genkitConversion';
import { applyEdits } from '../../../src/core/suggestionEdits';
import { analyze } from '../helpers/analyze';

const GENKIT = `---\nmodel: googleai/gemini-2.5-flash\nconfig:\n  temperature: 1.5\n  topK: 40\n  maxOutputTokens: 200000\n  safetySettings:\n    - category: HARM_CATEGORY_HATE_SPEECH\n      threshold: BLOCK_NONE\n  thinkingConfig:\n    thinkingBudget: 1024\n---\nHello {{name}}\n`;

describe('model mapping', () => {
  it('a finding on the model: line offers the mapping', async () => {
    const a = await analyze(GENKIT);
    const found = a.findings.find((f) => f.code === 'model-not-bedrock');
    assert.ok(found);
    assert.equal(found.range.start.line, 1);
    assert.deepEqual(found.data, { model: 'googleai/gemini-2.5-flash', target: DEFAULT_BEDROCK_MODEL });
    assert.ok(!a.findings.some((f) => f.code === 'model-unknown'));
  });

  it('once mapped, the analysis runs as the Bedrock model and the finding is gone', async () => {
    const a = await analyze(GENKIT, { declared: { models: { 'googleai/gemini-2.5-flash': DEFAULT_BEDROCK_MODEL } } });
    assert.equal(a.modelId, DEFAULT_BEDROCK_MODEL);
    assert.equal(a.mappedFrom, 'googleai/gemini-2.5-flash');
    assert.ok(!a.findings.some((f) => f.code === 'model-not-bedrock'));
    assert.ok(a.findings.some((f) => f.code === 'config-unsupported'));
  });
});

describe('the project file', () => {
  it('declares a helper and a mapping, keeping what is there', () => {
    const one = projectFileWith(undefined, { helper: { name: 'upper', kind: 'text' } });
    assert.deepEqual(JSON.parse(one), { helpers: { upper: 'text' } });
    const two = projectFileWith('{ "helpers": ["list"], "schemas": "schemas" }', { helper: { name: 'upper', kind: 'text' }, model: { from: 'openai/gpt-4o', to: DEFAULT_BEDROCK_MODEL } });
    assert.deepEqual(JSON.parse(two), { helpers: { list: 'text', upper: 'text' }, schemas: 'schemas', models: { 'openai/gpt-4o': DEFAULT_BEDROCK_MODEL } });
  });
});

describe('Convert Genkit Prompt for Bedrock', () => {
  it('one edit: the Bedrock model, unsupported config removed, values brought into range', async () => {
    const mapped = await analyze(GENKIT, { declared: { models: { 'googleai/gemini-2.5-flash': DEFAULT_BEDROCK_MODEL } } });
    const converted = applyEdits(GENKIT, convertForBedrockEdits(GENKIT, mapped, DEFAULT_BEDROCK_MODEL));
    assert.equal(converted, `---\nmodel: ${DEFAULT_BEDROCK_MODEL}\nconfig:\n  topK: 40\n  maxOutputTokens: 64000\n---\nHello {{name}}\n`);
    const again = await analyze(converted);
    assert.deepEqual(again.findings.filter((f) => f.severity !== 'info').map((f) => f.code), []);
  });
});
