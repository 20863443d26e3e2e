import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockHover, code, modelHover, plain } from '../../../src/core/hoverText';
import { resolveModel } from '../../../src/core/modelResolver';
import { analyze } from '../helpers/analyze';

describe('hover text', () => {
  it('a code span cannot be closed by what it holds', () => {
    assert.equal(code('a`b'), '``a`b``');
    assert.equal(code('`x'), '`` `x ``');
    assert.equal(code('plain'), '`plain`');
  });

  it('plain text escapes Markdown', () => {
    assert.equal(plain('![x](https://e.example/p.png)'), '\\!\\[x\\]\\(https://e\\.example/p\\.png\\)');
  });

  it('a model ID with Markdown in it stays inert in the hover', () => {
    const hostile = 'x` ![t](https://e.example/track.png) `y';
    const text = modelHover(resolveModel(hostile), hostile);
    assert.ok(text.startsWith('``x` ![t](https://e.example/track.png) `y``'), text);
  });

  it('the model hover prices Nova writes at input and marks the 1-hour write price as an estimate', () => {
    const nova = modelHover(resolveModel('amazon.nova-pro-v1:0'), 'amazon.nova-pro-v1:0');
    assert.match(nova, /\| cache write 5m \(= input: no premium, not free\) \| 0\.8 \|/);
    assert.doesNotMatch(nova, /cache write 1h/);
    const sonnet = modelHover(resolveModel('global.anthropic.claude-sonnet-4-5-20250929-v1:0'), 'global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    assert.match(sonnet, /\| cache write 1h \(estimate: not published for Bedrock, 2× input\) \| 6 \|/);
  });

  it('variable names from the file are shown in code spans', async () => {
    const a = await analyze('{{role "user"}}\nText {{question}}\n');
    assert.match(blockHover(a, a.blocks[0]), /`question` \(line 2\)/);
  });
});
