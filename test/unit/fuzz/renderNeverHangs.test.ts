/**
 * The render path either renders or throws an Error, within the time bound, for any input; and
 * what it renders becomes a Converse request or a ConverseRequestError, never anything else.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Analyzer } from '../../../src/core/analyzer';
import { buildConverseRequest, ConverseRequestError } from '../../../src/core/converseRequest';
import { createDotprompt, renderPrompt } from '../../../src/core/renderer';
import { ANALYZE_OPTIONS, PARTIALS } from './corpus';
import { badText } from './generators';
import { describeInput, params, reportCases, timed } from './harness';
import { generatedPrompt } from './promptGen';

reportCases('render never hangs');

const input = { question: 'why?', doc: 'a document', customer: 'Alex', flag: true, items: [1, 2] };

describe('fuzz: render never hangs', () => {
  it('renders or throws an Error; a rendering becomes a request or a ConverseRequestError', async () => {
    // dotprompt reports bad frontmatter on the console as well as by throwing: keep the output readable.
    const original = console.error;
    console.error = () => {};
    try {
      await fc.assert(fc.asyncProperty(fc.oneof(badText, generatedPrompt), async (text) => {
        const outcome = await timed(`render ${describeInput(text)}`, async () => {
          try {
            return { rendered: await renderPrompt(createDotprompt(PARTIALS), text, { input }) };
          } catch (error) {
            return { error };
          }
        });
        if ('error' in outcome) {
          assert.ok(outcome.error instanceof Error, `render threw a non-Error: ${String(outcome.error)}`);
          return;
        }
        const analysis = await timed(`analyze ${describeInput(text)}`, () => new Analyzer().analyze(text, ANALYZE_OPTIONS));
        try {
          const built = buildConverseRequest(outcome.rendered, { modelId: 'm', config: analysis.config, analysis, readMedia: () => ({ bytes: new Uint8Array([137, 80, 78, 71]) }) });
          assert.ok(built.request.messages.every((m) => m.content.length > 0), 'an empty message in the request');
        } catch (error) {
          assert.ok(error instanceof ConverseRequestError, `building the request threw ${(error as Error)?.stack ?? String(error)}`);
        }
      }), params(300));
    } finally {
      console.error = original;
    }
  });
});
