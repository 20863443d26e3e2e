// What a project registers in code — helpers, partials, named schemas, the Bedrock model for the
// file's own model — declared in prompt-cache.config.json, read by analyze and export alike.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzePrompt, preparePrompt } from '../../../src/node/promptPreparation';
import { projectDeclarations } from '../../../src/node/projectConfig';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-declare-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const HELPER_PROMPT = `---\nmodel: ${CLAUDE}\n---\nIntro\n{{upper food}}\n{{#list items}}- {{this}}\n{{/list}}\n`;

describe('helpers registered in code', () => {
  it('undeclared: a warning (never an error) naming the helper, for the quick fix', async () => {
    const dir = project({ 'h.prompt': HELPER_PROMPT });
    const { analysis } = await analyzePrompt({ file: join(dir, 'h.prompt') });
    const helper = analysis.findings.filter((f) => f.code === 'helper-unknown');
    assert.ok(helper.length > 0);
    assert.ok(helper.every((f) => f.severity === 'warning'));
    assert.equal(helper[0].data?.helper, 'upper');
    assert.equal(analysis.findings.filter((f) => f.severity === 'error').length, 0);
  });

  it('declared in the project file: no finding, and export renders through them', async () => {
    const dir = project({ 'h.prompt': HELPER_PROMPT, 'prompt-cache.config.json': JSON.stringify({ helpers: { upper: 'text', list: 'block' } }) });
    const { analysis } = await analyzePrompt({ file: join(dir, 'h.prompt') });
    assert.deepEqual(analysis.findings.filter((f) => f.code.startsWith('helper')), []);
    const { built } = await preparePrompt({ file: join(dir, 'h.prompt'), inputs: { food: 'soup', items: ['a'] } });
    assert.match(JSON.stringify(built.request.messages), /soup/);
  });

  it('declared in settings: the same', async () => {
    const dir = project({ 'h.prompt': HELPER_PROMPT });
    const { analysis } = await analyzePrompt({ file: join(dir, 'h.prompt'), declared: { helpers: { upper: 'text', list: 'block' } } });
    assert.deepEqual(analysis.findings.filter((f) => f.code.startsWith('helper')), []);
  });
});

describe('named schemas', () => {
  const prompt = `---\nmodel: ${CLAUDE}\ninput:\n  schema: Recipe\n---\nMake {{food}}\n`;

  it('undeclared: export names the schema and its line', async () => {
    const dir = project({ 'r.prompt': prompt });
    await assert.rejects(preparePrompt({ file: join(dir, 'r.prompt'), inputs: { food: 'soup' } }), /line 4: Schema "Recipe" is not declared/);
  });

  it('declared as a folder of JSON files: export works', async () => {
    const dir = project({
      'r.prompt': prompt,
      'schemas/Recipe.json': JSON.stringify({ type: 'object', properties: { food: { type: 'string' } } }),
      'prompt-cache.config.json': JSON.stringify({ schemas: 'schemas' }),
    });
    const { built } = await preparePrompt({ file: join(dir, 'r.prompt'), inputs: { food: 'soup' } });
    assert.match(JSON.stringify(built.request.messages), /Make soup/);
  });
});

describe('partials', () => {
  it('Genkit prompt tree: a _partial.prompt anywhere under prompts/ is found', async () => {
    const dir = project({
      'prompts/shared/_style.prompt': 'Answer in the style of {{style}}.\n',
      'prompts/recipes/r.prompt': `---\nmodel: ${CLAUDE}\n---\n{{> style}}\nMake soup.\n`,
    });
    const { analysis } = await analyzePrompt({ file: join(dir, 'prompts/recipes/r.prompt') });
    assert.deepEqual(analysis.findings.filter((f) => f.code.startsWith('partial')), []);
  });

  it('outside a prompt tree, declared partial folders are searched', async () => {
    const dir = project({
      'lib/snippets/_style.prompt': 'Answer briefly.\n',
      'app/r.prompt': `---\nmodel: ${CLAUDE}\n---\n{{> style}}\nMake soup.\n`,
    });
    const missing = await analyzePrompt({ file: join(dir, 'app/r.prompt') });
    assert.deepEqual(missing.analysis.findings.map((f) => f.code), ['partial-missing']);
    writeFileSync(join(dir, 'prompt-cache.config.json'), JSON.stringify({ partials: ['lib/snippets'] }));
    const found = await analyzePrompt({ file: join(dir, 'app/r.prompt') });
    assert.deepEqual(found.analysis.findings.filter((f) => f.code.startsWith('partial')), []);
  });
});

describe('the project file', () => {
  it('applies folder sections to the prompts under them only, and reports bad keys', () => {
    const dir = project({
      'prompt-cache.config.json': JSON.stringify({ helpers: ['a'], folders: { 'apps/one': { helpers: { b: 'block' } }, 'apps/two': { helpers: { c: 'nope' } } } }),
      'apps/one/p.prompt': 'x', 'apps/two/p.prompt': 'x',
    });
    const one = projectDeclarations(join(dir, 'apps/one/p.prompt'), [dir]);
    assert.deepEqual(one.helpers, { a: 'text', b: 'block' });
    assert.deepEqual(one.problems, []);
    const two = projectDeclarations(join(dir, 'apps/two/p.prompt'), [dir]);
    assert.deepEqual(two.helpers, { a: 'text' });
    assert.match(two.problems[0], /"folders\.apps\/two\.helpers\.c" must be "text" or "block"/);
  });

  it('maps the file\'s model to a Bedrock model for analysis and the request', async () => {
    const dir = project({
      'g.prompt': '---\nmodel: googleai/gemini-2.5-flash\n---\nHello\n',
      'prompt-cache.config.json': JSON.stringify({ models: { 'googleai/gemini-2.5-flash': CLAUDE } }),
    });
    const { analysis, built } = await preparePrompt({ file: join(dir, 'g.prompt') });
    assert.equal(analysis.modelId, CLAUDE);
    assert.equal(analysis.mappedFrom, 'googleai/gemini-2.5-flash');
    assert.equal(built.request.modelId, CLAUDE);
  });

  it('an untrusted workspace\'s project file cannot map models', async () => {
    const dir = project({
      'g.prompt': '---\nmodel: googleai/gemini-2.5-flash\n---\nHello\n',
      'prompt-cache.config.json': JSON.stringify({ models: { 'googleai/gemini-2.5-flash': CLAUDE } }),
    });
    const { analysis } = await analyzePrompt({ file: join(dir, 'g.prompt'), projectTrusted: false });
    assert.equal(analysis.modelId, 'googleai/gemini-2.5-flash');
  });
});
