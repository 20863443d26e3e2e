import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, isPartialFile } from '../../../src/core/analyzer';
import { loadTokenCounter } from '../../../src/core/tokenizer';
import { analyze, memoryPartials, prose } from '../helpers/analyze';

const SPEC_EXAMPLE = `---
model: us.anthropic.claude-sonnet-4-5-20250929-v1:0
input:
  schema:
    question: string
    contract: string, the document under review
  default:
    question: Which clauses limit liability?
cache.stable: [contract]
---
{{role "system"}}
You are a careful contract analyst. Quote clause numbers.
{{> house_style}}
{{cachePoint}}
{{role "user"}}
Here is the contract:
{{contract}}
{{cachePoint ttl="1h"}}
Question: {{question}}
`;

describe('analyzer: blocks of the format spec example', () => {
  it('cuts blocks at markers with their fields, lines and stability', async () => {
    const a = await analyze(SPEC_EXAMPLE, { partialTexts: { house_style: 'Write in plain English.' } });
    assert.deepEqual(a.blocks.map((b) => [b.field, b.messageIndex, b.range.start.line, b.range.end.line, b.stable]), [
      ['system', undefined, 11, 12, true],
      ['message', 0, 15, 16, true],
      ['message', 0, 18, 18, false],
    ]);
    assert.deepEqual(a.blocks[2].changing, [{ name: 'question', line: 18 }]);
    assert.deepEqual(a.blocks[1].unfilled, ['contract']);
    assert.deepEqual(a.blocks[0].partials, ['house_style']);
  });

  it('counts rendered content: partials included, defaults filled in', async () => {
    const counter = await loadTokenCounter();
    const a = await analyze(SPEC_EXAMPLE, { partialTexts: { house_style: prose(300) } });
    const system = a.blocks[0];
    const expectedRaw = counter.count(`You are a careful contract analyst. Quote clause numbers.\n${prose(300)}`);
    assert.ok(Math.abs(system.rawTokens - expectedRaw) <= 2, `${system.rawTokens} vs ${expectedRaw}`);
    assert.equal(system.tokens, Math.round(system.rawTokens * 1.15));
    const question = a.blocks[2];
    assert.equal(question.rawTokens, counter.count('Question: Which clauses limit liability?'));
  });

  it('places cache points with prefix and segment sizes in tools → system → messages order', async () => {
    const a = await analyze(SPEC_EXAMPLE, { partialTexts: { house_style: prose(300) } });
    const [systemPoint, messagePoint] = a.cachePoints;
    assert.equal(systemPoint.field, 'system');
    assert.equal(systemPoint.prefixTokens, a.blocks[0].prefixTokens);
    assert.equal(messagePoint.ttl, '1h');
    assert.equal(messagePoint.prefixTokens, a.blocks[1].prefixTokens);
    assert.equal(messagePoint.segmentTokens, a.blocks[1].tokens);
  });

  it('reads the prefix as tools → system → messages whatever the source order', async () => {
    const text = `---\nmodel: us.anthropic.claude-sonnet-4-5-20250929-v1:0\nbedrock.tools:\n  - name: lookup\n    description: Look things up\n---\n{{role "user"}}\nHello there\n{{role "system"}}\nSystem text here\n`;
    const a = await analyze(text);
    const [tools, user, system] = a.blocks;
    assert.equal(tools.field, 'tools');
    assert.equal(system.prefixTokens, tools.tokens + system.tokens);
    assert.equal(user.prefixTokens, tools.tokens + system.tokens + user.tokens);
    assert.equal(a.totalTokens, user.prefixTokens);
  });

  it('marks a stable head inside a changing block', async () => {
    const text = `{{role "user"}}\n${prose(200)}\nmore stable text\nQuestion: {{question}}\n`;
    const a = await analyze(text);
    const block = a.blocks[0];
    assert.equal(block.stable, false);
    assert.ok(block.stableHead);
    assert.equal(block.stableHead!.endLine, 2);
    assert.ok(block.stableHead!.tokens > 200 && block.stableHead!.tokens < block.tokens + 1);
  });

  it('treats history as changing content in its own block', async () => {
    const a = await analyze(`{{role "system"}}\nBe nice.\n{{history}}\n{{role "user"}}\nHi\n`);
    assert.deepEqual(a.blocks.map((b) => b.kind), ['text', 'history', 'text']);
    assert.equal(a.blocks[1].stable, false);
  });

  it('counts a marker nested in {{#if}} as a template estimate', async () => {
    const a = await analyze(`{{role "user"}}\n{{#if long}}\nlong text\n{{cachePoint}}\n{{/if}}\nend\n`);
    assert.equal(a.blocks.length, 1);
    assert.equal(a.blocks[0].templateEstimate, true);
  });

  it('counts special-token strings as plain text', async () => {
    const a = await analyze('{{role "user"}}\nsay <|endoftext|> please\n');
    assert.ok(a.blocks[0].rawTokens > 3);
  });
});

describe('analyzer: incremental work', () => {
  it('re-renders only the edited block on a second analysis', async () => {
    const blocks = Array.from({ length: 20 }, (_, i) => `{{section "s${i}"}}\n${prose(50, i + 1)}\n`).join('');
    const text = `{{role "user"}}\n${blocks}`;
    const analyzer = new Analyzer();
    await analyzer.analyze(text);
    const before = analyzer.renderCount;
    assert.equal(before, 20);
    const edited = text.replace(prose(50, 7), prose(50, 7) + ' extra words');
    const a = await analyzer.analyze(edited);
    assert.equal(analyzer.renderCount - before, 1);
    assert.equal(a.blocks.length, 20);
  });

  it('totals equal the sum of blocks', async () => {
    const a = await analyze(SPEC_EXAMPLE, { partialTexts: { house_style: prose(120) } });
    assert.equal(a.totalTokens, a.blocks.reduce((sum, b) => sum + b.tokens, 0));
  });
});

describe('analyzer: models', () => {
  it('labels the tokenizer per family', async () => {
    assert.equal((await analyze('---\nmodel: us.amazon.nova-pro-v1:0\n---\nhi')).tokenizerLabel, 'estimate: cl100k × 1.05 for Nova');
    assert.equal((await analyze('---\nmodel: bedrock/global.anthropic.claude-haiku-4-5-20251001-v1:0\n---\nhi')).tokenizerLabel, 'estimate: cl100k × 1.15 for Claude');
  });

  it('says when the model is unknown, missing, without caching, or needs a profile', async () => {
    const codes = async (model: string) => (await analyze(`---\nmodel: ${model}\n---\nhi`)).findings.map((f) => f.code);
    assert.deepEqual(await codes('acme.mystery-v1'), ['model-unknown']);
    assert.deepEqual(await codes('meta.llama3-70b-instruct-v1:0'), ['model-no-caching']);
    assert.deepEqual(await codes('anthropic.claude-sonnet-4-5-20250929-v1:0'), ['model-needs-profile']);
    assert.deepEqual((await analyze('hi')).findings.map((f) => f.code), ['model-missing']);
    assert.deepEqual((await analyze('hi', { defaultModel: 'us.amazon.nova-lite-v1:0' })).findings, []);
  });

  it('uses partials through the given source only', async () => {
    const a = await analyze('{{> nope}}\n', { partials: memoryPartials({}), defaultModel: 'us.amazon.nova-lite-v1:0' });
    assert.deepEqual(a.findings.map((f) => [f.code, f.range.start.line]), [['partial-missing', 0]]);
  });
});

describe('analyzer: nested partials', () => {
  it('a variable reached through a partial inside a partial makes the block changing, and edits to the inner partial count', async () => {
    const analyzer = new Analyzer();
    const files: Record<string, string> = { outer: 'Outer text {{> inner}}', inner: 'Q: {{question}}' };
    const partials = memoryPartials(files);
    const a = await analyzer.analyze('{{role "user"}}\n{{> outer}}\n', { partials });
    assert.equal(a.blocks[0].stable, false);
    assert.deepEqual(a.blocks[0].changing.map((c) => c.name), ['question']);
    assert.deepEqual(a.blocks[0].unfilled, ['question']);
    files.inner = `Q: {{question}} ${prose(100)}`;
    const b = await analyzer.analyze('{{role "user"}}\n{{> outer}}\n', { partials: memoryPartials(files) });
    assert.ok(b.blocks[0].tokens > a.blocks[0].tokens + 50, 'the inner partial\'s new text is counted');
  });
});

describe('analyzer: tools cache point TTL', () => {
  it('is 1h when a later point is 1h (as the request sends it), else the default', async () => {
    const tools = 'bedrock.tools:\n  - name: lookup\n    description: Look things up\ncache.tools: true\n';
    const hour = await analyze(`---\nmodel: us.anthropic.claude-sonnet-4-5-20250929-v1:0\n${tools}---\n{{role "system"}}\nText\n{{cachePoint ttl="1h"}}\n`);
    assert.deepEqual(hour.cachePoints.map((p) => [p.field, p.ttl]), [['tools', '1h'], ['system', '1h']]);
    const plain = await analyze(`---\nmodel: us.anthropic.claude-sonnet-4-5-20250929-v1:0\n${tools}---\n{{role "system"}}\nText\n{{cachePoint}}\n`);
    assert.deepEqual(plain.cachePoints.map((p) => [p.field, p.ttl]), [['tools', undefined], ['system', undefined]]);
  });
});

describe('no false "No model"', () => {
  it('a partial (_name.prompt) needs no model; an ordinary file does', async () => {
    assert.equal(isPartialFile('/w/examples/_support_policy.prompt'), true);
    assert.equal(isPartialFile('C:\\w\\_policy.prompt'), true);
    assert.equal(isPartialFile('/w/_drafts/support.prompt'), false);
    const text = 'Our refund policy: thirty days.\n';
    const partial = await new Analyzer().analyze(text, { partial: true });
    assert.ok(!partial.findings.some((f) => f.code === 'model-missing'));
    const ordinary = await new Analyzer().analyze(text);
    assert.ok(ordinary.findings.some((f) => f.code === 'model-missing'));
  });

  it('invalid YAML gets its own error, not a second "No model" one', async () => {
    const a = await new Analyzer().analyze('---\nmodel: [unclosed\n---\nHello\n');
    assert.deepEqual(a.findings.filter((f) => f.code === 'yaml-invalid' || f.code === 'model-missing').map((f) => f.code), ['yaml-invalid']);
  });
});
