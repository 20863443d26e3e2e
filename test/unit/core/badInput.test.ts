/** Every kind of bad input gets a finding at its exact line, and the rest still gets blocks. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../helpers/analyze';

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const codes = (a: { findings: { code: string; range: { start: { line: number } } }[] }) =>
  a.findings.map((f) => [f.code, f.range.start.line + 1]);

describe('bad input', () => {
  it('unclosed frontmatter: error on line 1, the body still gets blocks', async () => {
    const a = await analyze(`---\nmodel: ${MODEL}\n{{role "user"}}\nHello there\n`);
    assert.deepEqual(codes(a).filter(([c]) => c === 'frontmatter-unclosed'), [['frontmatter-unclosed', 1]]);
    assert.equal(a.blocks.length, 1);
    assert.equal(a.blocks[0].range.start.line + 1, 4);
  });

  it('invalid YAML: error at the YAML line', async () => {
    const a = await analyze(`---\nmodel: ${MODEL}\nconfig:\n  temperature: [1, 2\n---\nHello\n`);
    const yaml = a.findings.filter((f) => f.code === 'yaml-invalid');
    assert.ok(yaml.length >= 1);
    assert.ok(yaml.every((f) => f.range.start.line >= 1 && f.range.start.line <= 4), JSON.stringify(yaml));
    assert.equal(a.blocks.length, 1);
  });

  it('wrong type for a known key: error on the value, naming the key', async () => {
    const a = await analyze(`---\nmodel: ${MODEL}\ncache.threshold: lots\ncache.ttl: 2h\ncache.strategy: greedy\ncache.stable: 3\nconfig:\n  temperature: hot\n---\nHello\n`);
    const found = a.findings.map((f) => [f.code, f.range.start.line + 1, f.message.split(' ')[0]]);
    assert.deepEqual(found, [
      ['key-type', 3, 'cache.threshold'],
      ['cache-ttl-invalid', 4, 'cache.ttl'],
      ['cache-strategy-unknown', 5, 'Unknown'],
      ['key-type', 6, 'cache.stable'],
      ['key-type', 8, 'config.temperature'],
    ]);
  });

  it('negative threshold: range error', async () => {
    const a = await analyze(`---\nmodel: ${MODEL}\ncache.threshold: -5\n---\nHello\n`);
    assert.deepEqual(codes(a), [['key-range', 3]]);
  });

  it('unbalanced {{#if}}: error at the opening line, blocks still counted', async () => {
    const a = await analyze(`---\nmodel: ${MODEL}\n---\n{{role "system"}}\nSystem\n{{role "user"}}\n{{#if x}}\nHello\n`);
    assert.ok(codes(a).some(([c, l]) => c === 'block-unclosed' && l === 7), JSON.stringify(codes(a)));
    assert.equal(a.blocks.length, 2);
  });

  it('stray {{/if}}: error at its line', async () => {
    const a = await analyze(`---\nmodel: ${MODEL}\n---\nHello\n{{/if}}\n`);
    assert.ok(codes(a).some(([c, l]) => c === 'block-unexpected-close' && l === 5));
  });

  it('unknown helper: a warning at its line (it may be registered in code)', async () => {
    const a = await analyze(`---\nmodel: ${MODEL}\n---\n{{role "user"}}\nfirst line\n{{shout name}}\n`);
    assert.deepEqual(codes(a), [['helper-unknown', 6]]);
  });

  it('missing partial: error at its line, naming the files looked for', async () => {
    const a = await analyze(`---\nmodel: ${MODEL}\n---\nIntro\n{{> house_style}}\n`);
    assert.deepEqual(codes(a), [['partial-missing', 5]]);
    assert.match(a.findings[0].message, /_house_style\.prompt/);
  });

  it('unclosed mustache: error where it starts', async () => {
    const a = await analyze(`---\nmodel: ${MODEL}\n---\nHello {{name\nWorld {{other}}\n`);
    assert.ok(codes(a).some(([c, l]) => c === 'mustache-unclosed' && l === 4));
  });

  it('bad role and bad cachePoint TTL: errors on their lines', async () => {
    const a = await analyze(`---\nmodel: ${MODEL}\n---\n{{role "boss"}}\nHello\n{{cachePoint ttl="2h"}}\n`);
    assert.deepEqual(codes(a), [['marker-invalid', 4], ['cache-ttl-invalid', 6]]);
  });

  it('binary file: one error, no blocks, no throw', async () => {
    const a = await analyze('\u0000\u0001\u0002PNG\u0000data');
    assert.deepEqual(codes(a), [['file-binary', 1]]);
    assert.equal(a.blocks.length, 0);
  });

  it('huge file: cheap mode above the size limit, with a notice', async () => {
    const big = `---\nmodel: ${MODEL}\n---\n{{role "user"}}\n` + 'word '.repeat(200_000);
    const a = await analyze(big, { sizeLimit: 100_000 });
    assert.equal(a.reducedMode, true);
    assert.ok(codes(a).some(([c]) => c === 'file-large'));
    assert.ok(a.totalTokens > 200_000);
  });

  it('CRLF line endings: same blocks and lines as LF', async () => {
    const lf = `---\nmodel: ${MODEL}\n---\n{{role "system"}}\nSystem text\n{{cachePoint}}\n{{role "user"}}\nQuestion {{q}}\n`;
    const [a, b] = await Promise.all([analyze(lf), analyze(lf.replace(/\n/g, '\r\n'))]);
    assert.deepEqual(b.blocks.map((x) => [x.range.start.line, x.range.end.line, x.tokens]), a.blocks.map((x) => [x.range.start.line, x.range.end.line, x.tokens]));
    assert.deepEqual(b.cachePoints.map((p) => p.range.start.line), a.cachePoints.map((p) => p.range.start.line));
  });

  it('BOM: frontmatter still recognized', async () => {
    const a = await analyze(`\uFEFF---\nmodel: ${MODEL}\n---\nHello\n`);
    assert.equal(a.modelId, MODEL);
    assert.deepEqual(codes(a), []);
  });

  it('empty file: no blocks, no throw', async () => {
    const a = await analyze('');
    assert.equal(a.blocks.length, 0);
    assert.equal(a.totalTokens, 0);
  });

  it('unknown keys are kept without an error', async () => {
    const a = await analyze(`---\nmodel: ${MODEL}\nvariant: fast\nmyteam.owner: me\n---\nHello\n`);
    assert.deepEqual(codes(a), []);
  });
});
