// Real .prompt files from public Genkit and Dotprompt projects (third-party data, read in place
// from the shared folder) go through analyze and export: no stack trace ever, and no error finding
// on a valid file once what its code registers is declared in test/fixtures/corpus's project file.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';
import { ConverseRequestError } from '../../../src/core/converseRequest';
import { analyzePrompt, isPromptInputError, preparePrompt, type PromptInputError } from '../../../src/node/promptPreparation';
import { sharedData } from '../../support/sharedData';

const CORPUS_DATA = sharedData('corpus/dotprompt-projects');
const CORPUS = CORPUS_DATA.path;
const CONFIG = resolve(__dirname, '..', '..', 'fixtures', 'corpus', 'prompt-cache.config.json');
const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

/**
 * Files broken on purpose upstream: editor demos and syntax samples (see the corpus' SOURCES.md),
 * Genkit's own test of a bad schema reference, and an editor demo whose `{{#if age >= 18}}` is not
 * Handlebars.
 */
const BROKEN = /google__dotprompt\/examples[^/]*\/(error-|circular-partial-|autocomplete|valid-greeting)|packages__codemirror__samples\/|badSchemaRef/;

/** What export may still refuse on a valid file, with a clear message: tools, media and schemas only code supplies. */
const NEEDS_CODE = /bedrock\.tools gives no spec|renders no user message|Cannot tell what kind of media|media|Schema "string\[\]"|Picoschema/;

function promptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'LICENSES' ? [] : promptFiles(path);
    return name.endsWith('.prompt') ? [path] : [];
  }).sort();
}

describe('the corpus of real .prompt files', { skip: CORPUS_DATA.skip }, () => {
  const files = CORPUS_DATA.skip ? [] : promptFiles(CORPUS);
  const analyzer = new Analyzer();
  it('finds the corpus', () => assert.ok(files.length >= 100, `${files.length} files`));
  for (const file of files) {
    const name = relative(CORPUS, file);
    it(name, async () => {
      const location = { file, workspaceRoots: [CORPUS], configFile: CONFIG };
      const { analysis } = await analyzePrompt({ ...location, analyzer, modelOverride: CLAUDE });
      const errors = analysis.findings.filter((f) => f.severity === 'error');
      if (!BROKEN.test(name)) assert.deepEqual(errors.map((f) => `${f.code} line ${f.range.start.line + 1}: ${f.message}`), []);
      // Export with every input the prompt asks for: either a request, or one clear message.
      let inputs: Record<string, unknown> = {};
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const { built } = await preparePrompt({ ...location, modelOverride: CLAUDE, inputs, analysis });
          assert.ok(built.request.messages.length > 0);
          return;
        } catch (error) {
          if (isPromptInputError(error) && (error as PromptInputError).missingInputs.length > 0 && attempt === 0) {
            inputs = Object.fromEntries((error as PromptInputError).missingInputs.map((n) => [n, 'sample']));
            continue;
          }
          const known = isPromptInputError(error) || error instanceof ConverseRequestError;
          assert.ok(known, `${name}: unexpected ${(error as Error).stack}`);
          const message = (error as Error).message;
          assert.doesNotMatch(message, /\n\s+at /);
          assert.ok(BROKEN.test(name) || NEEDS_CODE.test(message), `${name}: ${message}`);
          return;
        }
      }
    });
  }
});
