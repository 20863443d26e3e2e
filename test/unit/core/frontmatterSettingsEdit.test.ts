import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';
import { frontmatterSettingsEdit } from '../../../src/core/frontmatterSettingsEdit';
import { applyEdits } from '../../../src/core/suggestionEdits';

const apply = (text: string, choice: Parameters<typeof frontmatterSettingsEdit>[1]) => {
  const edit = frontmatterSettingsEdit(text, choice);
  assert.ok(edit);
  return applyEdits(text, [edit]);
};
const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('frontmatter settings edit', () => {
  it('replaces dotted keys where they are and keeps everything else', async () => {
    const text = '---\nmodel: us.amazon.nova-pro-v1:0 # cheap\nconfig:\n  temperature: 0.2\ncache.strategy: conservative\n---\n{{role "user"}}\nHi\n';
    const out = apply(text, { model: SONNET, strategy: 'aggressive', ttl: '1h' });
    assert.equal(out, `---\nmodel: ${SONNET} # cheap\nconfig:\n  temperature: 0.2\ncache.strategy: aggressive\ncache.ttl: 1h\n---\n{{role "user"}}\nHi\n`);
    // What the analyzer reads back is the choice.
    const analysis = await new Analyzer().analyze(out, {});
    assert.equal(analysis.config.model, SONNET);
    assert.equal(analysis.config.strategy, 'aggressive');
    assert.equal(analysis.config.ttl, '1h');
  });

  it('writes into a nested cache map', async () => {
    const text = '---\nmodel: x\ncache:\n  strategy: custom\n  stable: [a]\n---\nHi\n';
    const out = apply(text, { model: SONNET, strategy: 'conservative', ttl: '5m' });
    assert.equal(out, `---\nmodel: ${SONNET}\ncache:\n  ttl: 5m\n  strategy: conservative\n  stable: [a]\n---\nHi\n`);
    const analysis = await new Analyzer().analyze(out, {});
    assert.equal(analysis.config.strategy, 'conservative');
    assert.equal(analysis.config.ttl, '5m');
  });

  it('adds a frontmatter when there is none, and refuses an unclosed one', () => {
    assert.equal(apply('Hi\n', { model: SONNET }), `---\nmodel: ${SONNET}\n---\nHi\n`);
    assert.equal(frontmatterSettingsEdit('---\nmodel: x\n{{role "user"}}\n', { model: SONNET }), undefined);
  });

  it('is one edit, and keeps CRLF line endings', () => {
    const text = '---\r\nmodel: x\r\n---\r\nHi\r\n';
    assert.equal(apply(text, { model: SONNET, strategy: 'conservative' }), `---\r\nmodel: ${SONNET}\r\ncache.strategy: conservative\r\n---\r\nHi\r\n`);
  });
});
