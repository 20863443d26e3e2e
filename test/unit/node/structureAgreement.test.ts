// `analyze` (and so the lenses and the planner) and `export` must see one structure: the same
// system part and the same sequence of user/assistant turns. Checked on every case of the Dotprompt
// spec suite (third-party data read in place from the shared folder) and on our own examples with
// partials that carry role markers and raw `<<<dotprompt:role:…>>>` markers.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { Analysis } from '../../../src/core/analysis';
import { buildConverseRequest } from '../../../src/core/converseRequest';
import type { ConverseRequest } from '../../../src/core/converseTypes';
import { createDotprompt } from '../../../src/core/renderer';
import { preparePrompt } from '../../../src/node/promptPreparation';
import { analyze, memoryPartials } from '../helpers/analyze';
import { sharedData } from '../../support/sharedData';
import { specFiles, type SpecSuite } from '../../support/specSuite';

const SPEC = sharedData('conformance/dotprompt-spec');
const SPEC_DIR = SPEC.path;
const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

interface Structure { system: boolean; turns: string[] }

/** The analysis' blocks as Converse would group them: history is left out (its turns come from data). */
function analysisStructure(analysis: Analysis): Structure {
  const turns: string[] = [];
  let system = false;
  for (const block of analysis.blocks) {
    if (block.field === 'system') { system = true; continue; }
    if (block.field !== 'message' || block.kind === 'history') continue;
    const role = block.role === 'model' ? 'assistant' : 'user';
    if (turns.at(-1) !== role) turns.push(role);
  }
  return { system, turns };
}

function requestStructure(request: ConverseRequest): Structure {
  const turns: string[] = [];
  for (const m of request.messages) if (turns.at(-1) !== m.role) turns.push(m.role);
  return { system: (request.system?.length ?? 0) > 0, turns };
}



describe('analyze and export agree on the structure: Dotprompt spec cases', { skip: SPEC.skip }, () => {
  const files = SPEC.skip ? [] : specFiles(SPEC_DIR);
  it('finds the spec suite', () => assert.ok(files.length >= 10));
  for (const file of files) {
    for (const suite of parse(readFileSync(file, 'utf8')) as SpecSuite[]) {
      for (const [index, test] of suite.tests.entries()) {
        it(`${file.slice(SPEC_DIR.length + 1)} ${suite.name}: ${test.desc ?? index}`, async () => {
          const partialTexts = { ...suite.partials, ...suite.resolverPartials };
          const data = { ...suite.data, ...test.data } as Record<string, unknown>;
          const analysis = await analyze(suite.template, { partials: memoryPartials(partialTexts), modelOverride: MODEL });
          const env = createDotprompt(memoryPartials(partialTexts), { schemas: suite.schemas as never, tools: suite.tools as never, partials: suite.partials });
          // History turns come from the data, not from the file: compare what the file itself lays out.
          const { messages: _history, ...fileData } = data;
          const rendered = await env.render(suite.template, fileData as never, test.options as never);
          // Where a media part sits is structure; whether Bedrock can fetch its URL is not.
          const own = rendered.messages.map((m) => ({ ...m, content: m.content.map((p) => ('media' in p ? { text: '[media]' } : p)) }));
          if (!own.some((m) => m.role !== 'system' && m.content.some((p) => 'text' in p && p.text?.trim()))) {
            assert.deepEqual(analysisStructure(analysis).turns, []);
            return;
          }
          const { request } = buildConverseRequest({ messages: own }, { modelId: MODEL, config: analysis.config });
          assert.deepEqual(analysisStructure(analysis), requestStructure(request));
        });
      }
    }
  }
});

describe('analyze and export agree on the structure: partials and raw markers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-structure-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  const files: Record<string, string> = {
    '_preamble.prompt': '{{role "system"}}\nYou are {{persona}}.\n{{role "user"}}\n',
    '_outer.prompt': 'Outer intro.\n{{> preamble}}\n',
    '_turns.prompt': '<<<dotprompt:role:model>>>\nAn earlier answer.\n<<<dotprompt:role:user>>>\n',
    'partial-roles.prompt': `---\nmodel: ${MODEL}\n---\n{{> preamble}}\nQuestion: {{q}}\n`,
    'nested-partial-roles.prompt': `---\nmodel: ${MODEL}\n---\n{{> outer}}\nQuestion: {{q}}\n`,
    'raw-markers.prompt': `---\nmodel: ${MODEL}\n---\n<<<dotprompt:role:system>>>\nBe brief.\n<<<dotprompt:role:user>>>\nHello\n<<<dotprompt:role:model>>>\nHi!\n<<<dotprompt:role:user>>>\nAgain {{q}}\n`,
    'raw-in-partial.prompt': `---\nmodel: ${MODEL}\n---\nFirst question {{q}}\n{{> turns}}\nSecond question\n`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const expected: Record<string, Structure> = {
    'partial-roles.prompt': { system: true, turns: ['user'] },
    'nested-partial-roles.prompt': { system: true, turns: ['user'] },
    'raw-markers.prompt': { system: true, turns: ['user', 'assistant', 'user'] },
    'raw-in-partial.prompt': { system: false, turns: ['user', 'assistant', 'user'] },
  };
  for (const [name, structure] of Object.entries(expected)) {
    it(name, async () => {
      const { analysis, built } = await preparePrompt({ file: join(dir, name), inputs: { q: 'why?', persona: 'a guide' } });
      assert.deepEqual(requestStructure(built.request), structure);
      assert.deepEqual(analysisStructure(analysis), structure);
    });
  }

  it('a system part from a partial is counted as system, before the messages', async () => {
    const { analysis } = await preparePrompt({ file: join(dir, 'partial-roles.prompt'), inputs: { q: 'why?', persona: 'a guide' } });
    assert.deepEqual(analysis.blocks.map((b) => [b.field, b.range.start.line + 1]), [['system', 4], ['message', 5]]);
    assert.ok(analysis.blocks[0].tokens > 0);
  });
});

describe('analyze and export agree on the structure: the project examples and the corpus', () => {
  const examples = resolve(__dirname, '..', '..', '..', 'examples');
  const corpus = sharedData('corpus/dotprompt-projects').path;
  const config = resolve(__dirname, '..', '..', 'fixtures', 'corpus', 'prompt-cache.config.json');
  const list = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'LICENSES' ? [] : list(path);
    return name.endsWith('.prompt') && !name.startsWith('_') ? [path] : [];
  }).sort();
  const sets: [string, string, string | undefined][] = [[examples, examples, undefined]];
  if (existsSync(corpus)) sets.push([corpus, corpus, config]);
  for (const [dir, root, configFile] of sets) {
    for (const file of list(dir)) {
      it(file.slice(dir.length + 1), async () => {
        let inputs: Record<string, unknown> = {};
        for (let attempt = 0; attempt < 2; attempt++) {
          try {
            const { analysis, built } = await preparePrompt({ file, workspaceRoots: [root], configFile, inputs, modelOverride: MODEL });
            assert.deepEqual(analysisStructure(analysis), requestStructure(built.request));
            return;
          } catch (error) {
            const missing = (error as { missingInputs?: string[] }).missingInputs ?? [];
            // A file that cannot be exported (tools or media only code supplies, broken on purpose) has no request to compare.
            if (missing.length === 0 || attempt > 0) return;
            inputs = Object.fromEntries(missing.map((n) => [n, 'sample']));
          }
        }
      });
    }
  }
});
