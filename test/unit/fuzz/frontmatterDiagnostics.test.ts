/**
 * Each bad frontmatter value gets exactly one finding, with its exact code at the line of the
 * value, and the body's blocks are still counted as if the frontmatter were fine.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';
import { ANALYZE_OPTIONS } from './corpus';
import { reportCases, timed } from './harness';
import { assertAnalysis } from './invariants';

reportCases('frontmatter diagnostics');

const MODEL = 'model: us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const BODY = '{{role "system"}}\nYou review contracts and quote clause numbers.\n{{role "user"}}\nQuestion: {{question}}\n';

/** [frontmatter lines after the model line, expected code, expected 1-based line]. */
const TABLE: [string, string, number][] = [
  ['cache.threshold: lots', 'key-type', 3],
  ['cache.threshold: -5', 'key-range', 3],
  ['cache.threshold: 2.5', 'key-type', 3],
  ['cache.threshold: [1024]', 'key-type', 3],
  ['cache.strategy: greedy', 'cache-strategy-unknown', 3],
  ['cache.strategy: 3', 'key-type', 3],
  ['cache.strategy: [conservative]', 'key-type', 3],
  ['cache.ttl: 2h', 'cache-ttl-invalid', 3],
  ['cache.ttl: 300', 'key-type', 3],
  ['cache.ttl: [1h]', 'key-type', 3],
  ['cache.stable: 3', 'key-type', 3],
  ['cache.stable: {doc: true}', 'key-type', 3],
  ['cache.tools: yes', 'key-type', 3],
  ['cache.custom: [1, 2]', 'key-type', 3],
  ['cache.custom:\n  maxPoints: 0', 'key-range', 4],
  ['cache.custom:\n  textBlocksOver: -1', 'key-range', 4],
  ['cache.custom:\n  minBenefit: 2', 'key-range', 4],
  ['cache.custom:\n  allMedia: sometimes', 'key-type', 4],
  ['cache.fixtures: [a]', 'key-type', 3],
  ['cache.fixtures:\n  doc: 3', 'key-type', 4],
  ['cache.custom:\n  everything: true', 'key-unknown', 4],
  ['cache:\n  ttl: 2h', 'cache-ttl-invalid', 4],
  ['cache: [1]', 'key-type', 3],
  ['cache.bogus: 1', 'key-unknown', 3],
  ['bedrock.tools: 5', 'key-type', 3],
  ['bedrock.tools: [{description: no name}]', 'key-type', 3],
  ['bedrock.tools: tools/missing.json', 'tools-file', 3],
  ['bedrock.region: 5', 'key-type', 3],
  ['bedrock: [us-east-1]', 'key-type', 3],
  ['config:\n  temperature: hot', 'key-type', 4],
  // The upper bound depends on the model (0–1 for Claude): a warning on the key, the value is not sent.
  ['config:\n  temperature: 9', 'config-range', 4],
  ['config:\n  temperature: -1', 'key-range', 4],
  ['config:\n  maxOutputTokens: 0', 'key-range', 4],
  ['config: 5', 'key-type', 3],
  ['tools: 3', 'key-type', 3],
];

/** Rows that replace the model line. */
const MODEL_TABLE: [string, string, number][] = [
  ['model: acme.unknown-model', 'model-unknown', 2],
  ['model: meta.llama3-70b-instruct-v1:0', 'model-no-caching', 2],
  ['model: [a, b]', 'key-type', 2],
  ['model: 42', 'key-type', 2],
  ['model: anthropic.claude-sonnet-4-5-20250929-v1:0', 'model-needs-profile', 2],
];

async function check(front: string, code: string, line: number): Promise<void> {
  const text = `---\n${front}\n---\n${BODY}`;
  const a = await timed(`frontmatter ${front}`, () => new Analyzer().analyze(text, ANALYZE_OPTIONS));
  assertAnalysis(text, a);
  const found = a.findings.filter((f) => f.code !== 'model-missing').map((f) => [f.code, f.range.start.line + 1]);
  assert.deepEqual(found, [[code, line]], `${JSON.stringify(front)}: ${JSON.stringify(a.findings.map((f) => [f.code, f.range.start.line + 1, f.message]))}`);
  // The body is counted whatever the frontmatter says.
  assert.equal(a.blocks.filter((b) => b.kind !== 'tools').length, 2);
  assert.ok(a.blocks.every((b) => b.kind === 'tools' || b.tokens > 0), 'a body block counted no tokens');
  assert.ok(a.totalTokens > 0);
}

describe('fuzz: precise frontmatter diagnostics', () => {
  for (const [front, code, line] of TABLE) {
    it(`${front.replace(/\n/g, ' ⏎ ')} → ${code} on line ${line}`, () => check(`${MODEL}\n${front}`, code, line));
  }
  for (const [front, code, line] of MODEL_TABLE) {
    it(`${front} → ${code} on line ${line}`, () => check(front, code, line));
  }
});
