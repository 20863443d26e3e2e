/**
 * Generated prompts for the planner properties: frontmatter with right and wrong values for
 * every known key, and bodies of roles, prose, variables, markers and block helpers, on models
 * from the catalog plus small-minimum rows (so a few hundred words already reach the minimum and
 * the planner has real choices to make) and models it must leave alone.
 */
import fc from 'fast-check';
import type { ModelRow } from '../../../src/core/modelCatalog';
import { catalogWith } from '../../../src/core/modelResolver';
import { STRATEGIES, type CacheSettings } from '../../../src/core/promptConfig';

/** The real catalog plus rows with small minimums and unusual limits. */
export const FUZZ_CATALOG: readonly ModelRow[] = catalogWith([
  { id: 'fuzz.small-all', family: 'claude', minTokens: 40, maxPoints: 4, fields: ['tools', 'system', 'messages'], ttls: ['5m', '1h'],
    prices: { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 }, tokenizerFactor: 1.15 },
  { id: 'fuzz.small-no-tools', family: 'nova', minTokens: 60, maxPoints: 2, fields: ['system', 'messages'], ttls: ['5m'],
    prices: { input: 0.8, output: 3.2, cacheWrite5m: 0.8, cacheRead: 0.2 }, tokenizerFactor: 1.05 },
  { id: 'fuzz.one-point', family: 'other', minTokens: 20, maxPoints: 1, fields: ['messages'], ttls: ['5m', '1h'], tokenizerFactor: 1 },
  { id: 'fuzz.no-caching', family: 'other', minTokens: 0, maxPoints: 4, fields: ['system', 'messages'], ttls: ['5m'], tokenizerFactor: 1 },
  { id: 'fuzz.zero-points', family: 'other', minTokens: 30, maxPoints: 0, fields: ['system', 'messages'], ttls: ['5m'], tokenizerFactor: 1 },
]);

export const MODEL_IDS = [
  'fuzz.small-all', 'fuzz.small-no-tools', 'fuzz.one-point', 'fuzz.no-caching', 'fuzz.zero-points',
  'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-3-5-haiku-20241022-v1:0', 'amazon.nova-micro-v1:0',
  'global.anthropic.claude-haiku-4-5-20251001-v1:0', 'meta.llama3-70b-instruct-v1:0', 'acme.unknown-model', 'bedrock/fuzz.small-all',
  'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc',
];

export const settingsArb: fc.Arbitrary<CacheSettings> = fc.record({
  strategy: fc.constantFrom(...STRATEGIES),
  threshold: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 3000 })),
  aggressiveThreshold: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 3000 })),
  autoCacheSystem: fc.boolean(),
  defaultTtl: fc.constantFrom('5m' as const, '1h' as const),
  expectedReuses: fc.integer({ min: 0, max: 30 }),
});

const WORDS = ['the', 'contract', 'party', 'shall', 'notice', 'within', 'days', 'liability', 'service', 'term', 'agreement', 'written',
  'each', 'other', 'reasonable', 'payment', 'policy', 'refund', 'order', 'customer'];
const VARIABLES = ['question', 'doc', 'customer', 'flag', 'items'];

const prose = fc.tuple(fc.integer({ min: 1, max: 250 }), fc.nat()).map(([n, seed]) => {
  const out: string[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[x % WORDS.length]);
    if (i % 17 === 16) out.push('\n');
  }
  return out.join(' ').replace(/ \n /g, '\n');
});

const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: prose },
  { weight: 2, arbitrary: fc.tuple(prose, fc.constantFrom(...VARIABLES), prose).map(([a, v, b]) => `${a}\n{{${v}}}\n${b}`) },
  { weight: 3, arbitrary: fc.constantFrom('{{role "system"}}', '{{role "user"}}', '{{role "model"}}') },
  { weight: 3, arbitrary: fc.constantFrom('{{cachePoint}}', '{{cachePoint ttl="1h"}}', '{{cachePoint ttl="5m"}}') },
  { weight: 1, arbitrary: fc.constantFrom('{{history}}', '{{section "notes"}}', '{{media url="diagram.png"}}', '{{media url="s3://bucket/spec.pdf"}}') },
  { weight: 1, arbitrary: fc.constantFrom('{{> house_style}}', '{{> master_services_agreement}}', '{{!-- a comment --}}') },
  { weight: 1, arbitrary: fc.tuple(prose, fc.constantFrom('', '{{cachePoint}}', '{{role "user"}}')).map(([p, inner]) => `{{#if flag}}\n${p}\n${inner}\n{{/if}}`) },
);

/** A YAML value for a key: usually right, often wrong in type or range. */
const yamlValue = (right: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof(
  { weight: 4, arbitrary: right },
  { weight: 1, arbitrary: fc.constantFrom('-5', '0', '2.5', '"lots"', '[1, 2]', '{a: 1}', 'null', 'true', '2h', '~', '1e400', '-0', '.nan', '[]', '{}') },
);

/** Mostly the small-minimum rows, so the planner has something to do. */
const modelLine = yamlValue(fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('fuzz.small-all', 'fuzz.small-no-tools', 'fuzz.one-point') },
  { weight: 1, arbitrary: fc.constantFrom(...MODEL_IDS) },
)).map((v) => `model: ${v}`);

const frontmatterKey: fc.Arbitrary<string> = fc.oneof(
  yamlValue(fc.constantFrom(...STRATEGIES, 'greedy')).map((v) => `cache.strategy: ${v}`),
  yamlValue(fc.integer({ min: 0, max: 3000 }).map(String)).map((v) => `cache.threshold: ${v}`),
  yamlValue(fc.constantFrom('5m', '1h', '2h', '"1h"')).map((v) => `cache.ttl: ${v}`),
  yamlValue(fc.subarray(VARIABLES).map((vs) => `[${vs.join(', ')}]`)).map((v) => `cache.stable: ${v}`),
  yamlValue(fc.constantFrom('true', 'false')).map((v) => `cache.tools: ${v}`),
  fc.record({
    textBlocksOver: yamlValue(fc.integer({ min: 0, max: 500 }).map(String)),
    allMedia: yamlValue(fc.constantFrom('true', 'false')),
    minBenefit: yamlValue(fc.constantFrom('0', '0.3', '0.7', '1', '1.5')),
    maxPoints: yamlValue(fc.integer({ min: 0, max: 5 }).map(String)),
  }, { requiredKeys: [] }).map((rules) => `cache.custom:\n${Object.entries(rules).map(([k, v]) => `  ${k}: ${v}`).join('\n') || '  {}'}`),
  yamlValue(fc.constantFrom(
    '[{name: lookup, description: "Looks up an order by its number and returns its state and items in detail"}]',
    'tools/support-tools.json', 'tools/missing.json', 'tools/broken.json', 'tools/not-a-list.json', '5', '[{description: nameless}]',
  )).map((v) => `bedrock.tools: ${v}`),
  fc.constantFrom('tools: [lookup]', 'tools: lookup', 'tools: 3', 'bedrock.region: us-east-1', 'bedrock.unknown: 1', 'cache.unknown: 1'),
  fc.constantFrom('input:\n  default:\n    question: why?\n    doc: a long document', 'input: 5', 'input:\n  default: [1]', 'config:\n  temperature: 9'),
);

/** A whole prompt: frontmatter (sometimes none, sometimes unclosed) and a body. */
export const generatedPrompt: fc.Arbitrary<string> = fc.record({
  model: fc.option(modelLine, { freq: 5 }),
  // Distinct keys: a repeated key is a YAML error that would hide every other value.
  keys: fc.uniqueArray(frontmatterKey, { maxLength: 6, selector: (line) => line.split(':')[0] }),
  fence: fc.constantFrom('closed', 'closed', 'closed', 'none', 'unclosed'),
  body: fc.array(segment, { minLength: 0, maxLength: 14 }),
  eol: fc.constantFrom('\n', '\n', '\n', '\r\n'),
}).map(({ model, keys, fence, body, eol }) => {
  const lines = model === null ? keys : [model, ...keys];
  const front = fence === 'none' ? '' : `---\n${lines.join('\n')}\n${fence === 'closed' ? '---\n' : ''}`;
  return (front + body.join('\n') + '\n').replace(/\n/g, eol);
});
