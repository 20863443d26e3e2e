/**
 * Fixed extreme inputs, too large to generate at random on every run: deep nesting, thousands
 * of markers, a 1 MB line, unclosed braces by the hundred thousand, lone surrogates, every
 * line ending, BOM and NUL. Each is analyzed and advised on within the time bound, without
 * throwing, and keeps the Analysis invariants.
 */
import { describe, it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';
import { adviseCachePoints } from '../../../src/core/cacheAdvice';
import { DEFAULT_CACHE_SETTINGS } from '../../../src/core/promptConfig';
import { ANALYZE_OPTIONS } from './corpus';
import { reportCases, timed } from './harness';
import { assertAnalysis, assertFindingsInside, editorLines } from './invariants';

reportCases('pathological inputs');

const HEAD = '---\nmodel: us.anthropic.claude-sonnet-4-5-20250929-v1:0\n---\n';
const MB = 1 << 20;

const CASES: [string, () => string][] = [
  ['{{#if}} nested 200 deep', () => `${HEAD}${'{{#if x}}\n'.repeat(200)}deep text {{cachePoint}}\n${'{{/if}}\n'.repeat(200)}`],
  ['{{#if}} opened 200 times, never closed', () => `${HEAD}${'{{#if x}}\nmore\n'.repeat(200)}`],
  ['{{/each}} 200 times, never opened', () => `${HEAD}${'text {{/each}}\n'.repeat(200)}`],
  ['10k cache points', () => `${HEAD}${'word {{cachePoint}}\n'.repeat(10000)}`],
  ['10k 1h cache points after 5m ones', () => `${HEAD}${'word {{cachePoint}}\nword {{cachePoint ttl="1h"}}\n'.repeat(5000)}`],
  ['5k role markers with variables', () => `${HEAD}${'{{role "user"}}\nhello {{x}}\n{{role "model"}}\nhi\n'.repeat(2500)}`],
  ['a 1 MB line of one letter', () => `${HEAD}${'a'.repeat(MB)}\n`],
  ['a 1 MB line of spaces', () => `${HEAD}x${' '.repeat(MB)}y\n`],
  ['a 1 MB line of punctuation', () => `${HEAD}${'!?'.repeat(MB / 2)}\n`],
  ['a 1 MB line of prose', () => `${HEAD}${'the contract shall renew '.repeat(MB / 25)}\n`],
  ['a 1 MB line of base64', () => `${HEAD}${Buffer.from(Array.from({ length: (MB * 3) / 4 }, (_, i) => (i * 2654435761) >>> 24)).toString('base64')}\n`],
  ['1 MB of unclosed {{', () => `${HEAD}${'{{a '.repeat(MB / 4)}`],
  ['1 MB of unclosed {{ before one }}', () => `${HEAD}${'{{a '.repeat(MB / 16)}}}\n`],
  ['200 KB of unclosed {{{', () => `${HEAD}${'{{{a '.repeat(40000)}}}\n`],
  ['lone surrogates everywhere', () => `${HEAD}\uD800{{role "system"}}\uDC00 text \uDBFF\n{{cachePoint}}\uD83D\n{{x}}\uDE00\n`],
  ['CRLF line ends', () => `${HEAD}{{role "system"}}\ntext\n{{cachePoint}}\n{{role "user"}}\n{{q}}\n`.replace(/\n/g, '\r\n')],
  ['CR line ends', () => `${HEAD}{{role "system"}}\ntext\n{{cachePoint}}\n{{role "user"}}\n{{q}}\n`.replace(/\n/g, '\r')],
  ['mixed line ends', () => `---\r\nmodel: x\r---\n{{role "system"}}\r\ntext\r{{cachePoint}}\n\r{{q}}`],
  ['BOM before the frontmatter', () => `\uFEFF${HEAD}{{role "system"}}\nhello\n`],
  ['two BOMs', () => `\uFEFF\uFEFF${HEAD}hello\n`],
  ['NUL at the start', () => `\u0000${HEAD}hello`],
  ['NUL after 8 KB of text', () => `${HEAD}${'text '.repeat(2000)}\u0000{{x}}\u0000\n`],
  ['YAML nested 500 deep', () => `---\nmodel: ${'['.repeat(500)}${']'.repeat(500)}\ncache.custom: ${'{a: '.repeat(200)}1${'}'.repeat(200)}\n---\nhello\n`],
  ['a YAML alias bomb', () => `---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\ncache.custom: *d\n---\nhello\n`],
  ['10k frontmatter keys', () => `---\n${Array.from({ length: 10000 }, (_, i) => `key${i}: ${i}`).join('\n')}\n---\nhello\n`],
  ['only fences', () => '---\n---\n---\n---\n'],
  ['empty', () => ''],
];

describe('fuzz: pathological inputs', () => {
  for (const [name, make] of CASES) {
    it(name, async () => {
      const text = make();
      const { analysis, advice } = await timed(name, async () => {
        const analysis = await new Analyzer().analyze(text, ANALYZE_OPTIONS);
        return { analysis, advice: adviseCachePoints(analysis, { ...DEFAULT_CACHE_SETTINGS, strategy: 'aggressive', autoCacheSystem: true }) };
      });
      assertAnalysis(text, analysis);
      assertFindingsInside(editorLines(text), advice.findings);
    });
  }
});
