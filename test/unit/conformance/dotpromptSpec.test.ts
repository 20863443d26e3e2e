/**
 * The Dotprompt format's own spec suite, run through this project's render path (with
 * {{cachePoint}} registered), as the upstream JS runner does.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { createDotprompt } from '../../../src/core/renderer';
import { sharedData } from '../../support/sharedData';
import { specFiles, type SpecSuite } from '../../support/specSuite';

const SPEC = sharedData('conformance/dotprompt-spec');
const SPEC_DIR = SPEC.path;



const files = SPEC.skip ? [] : specFiles(SPEC_DIR);

// Without the shared data this one test reports the skip, its reason and the path looked in.
it('finds the conformance suite', { skip: SPEC.skip }, () => {
  assert.ok(files.length >= 10, `expected the spec files under ${SPEC_DIR}`);
});

for (const file of files) {
  const suites = parse(readFileSync(file, 'utf8')) as SpecSuite[];
  describe(`dotprompt spec ${file.slice(SPEC_DIR.length + 1)}`, () => {
    for (const suite of suites) {
      for (const [index, test] of suite.tests.entries()) {
        it(`${suite.name}: ${test.desc ?? index}`, async () => {
          const resolver = suite.resolverPartials ?? {};
          const env = createDotprompt({
            read: (name) => name in resolver ? { found: true, text: resolver[name], path: name } : { found: false, searched: [] },
          }, { schemas: suite.schemas as never, tools: suite.tools as never, partials: suite.partials });
          const rendered = await env.render(suite.template, { ...suite.data, ...test.data } as never, test.options as never);
          const { raw: _raw, ...actual } = rendered as unknown as Record<string, unknown>;
          const { raw: _r, input: _i, ...expected } = test.expect;
          assert.deepEqual(prune(actual), prune({ ext: {}, config: {}, metadata: {}, ...expected }));
        });
      }
    }
  });
}

/** The upstream runner compares after dropping undefined fields and the echoed input. */
function prune(value: Record<string, unknown>): Record<string, unknown> {
  const { input: _input, ...rest } = value;
  return JSON.parse(JSON.stringify(rest));
}
