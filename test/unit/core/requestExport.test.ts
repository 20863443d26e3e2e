import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli';
import type { ConverseRequest } from '../../../src/core/converseTypes';
import { anthropicModelName, exportRequest, stablePrefixTokens } from '../../../src/core/requestExport';
import { analyze, prose } from '../helpers/analyze';

const request: ConverseRequest = {
  modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  system: [{ text: 'Be careful.' }, { cachePoint: { type: 'default', ttl: '1h' } }],
  messages: [{
    role: 'user',
    content: [
      { text: 'Diagram:' }, { image: { format: 'png', source: { bytes: new Uint8Array([1, 2, 3]) } } },
      { cachePoint: { type: 'default' } }, { text: 'Question?' },
    ],
  }],
  toolConfig: { tools: [{ toolSpec: { name: 'lookup', description: 'Finds', inputSchema: { json: { type: 'object' } } } }, { cachePoint: { type: 'default' } }] },
  inferenceConfig: { maxTokens: 300, temperature: 0.2, stopSequences: ['END'] },
};

describe('request export', () => {
  it('Anthropic Messages: cache_control on the block before each cache point, with its TTL', () => {
    const { body, warnings } = exportRequest(request, 'anthropic');
    assert.deepEqual(warnings, []);
    assert.equal(body.model, 'claude-sonnet-4-5-20250929');
    assert.equal(body.max_tokens, 300);
    assert.deepEqual(body.system, [{ type: 'text', text: 'Be careful.', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    assert.deepEqual((body.messages as { content: unknown[] }[])[0].content, [
      { type: 'text', text: 'Diagram:' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AQID' }, cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Question?' },
    ]);
    assert.deepEqual(body.tools, [{ name: 'lookup', description: 'Finds', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual(body.stop_sequences, ['END']);
  });

  it('OpenAI: cache points dropped with a note, images as data URLs, the 1,024-token note when the stable prefix is short', () => {
    const { body, warnings } = exportRequest(request, 'openai', 300);
    const messages = body.messages as { role: string; content: unknown }[];
    assert.deepEqual(messages[0], { role: 'system', content: 'Be careful.' });
    assert.deepEqual(messages[1].content, [{ type: 'text', text: 'Diagram:' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } }, { type: 'text', text: 'Question?' }]);
    assert.deepEqual(body.stop, ['END']);
    assert.ok(warnings.some((w) => /3 cache points were dropped/.test(w)));
    assert.ok(warnings.some((w) => /under OpenAI's 1,024-token minimum/.test(w)));
    assert.ok(!exportRequest(request, 'openai', 5000).warnings.some((w) => /minimum/.test(w)));
  });

  it('Converse: the request as the wire carries it, bytes in base64', () => {
    const { body } = exportRequest(request, 'converse');
    const image = ((body.messages as { content: Record<string, { source: { bytes: string } }>[] }[])[0].content[1]).image;
    assert.equal(image.source.bytes, 'AQID');
  });

  it('maps Bedrock model IDs to Anthropic model names', () => {
    assert.equal(anthropicModelName('global.anthropic.claude-haiku-4-5-20251001-v1:0'), 'claude-haiku-4-5-20251001');
    assert.equal(anthropicModelName('anthropic.claude-opus-4-7'), 'claude-opus-4-7');
  });

  it('the stable prefix stops at the first changing content, counting its stable head', async () => {
    const a = await analyze(`{{role "system"}}\n${prose(300)}\n{{role "user"}}\n${prose(100, 2)}\nQ: {{q}}\n`);
    assert.equal(stablePrefixTokens(a), a.blocks[0].tokens + a.blocks[1].stableHead!.tokens);
  });

  it('cli export prints the body and exits 2 on a missing input or a bad format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcs-export-'));
    writeFileSync(join(dir, 'package.json'), '{}');
    const file = join(dir, 'e.prompt');
    writeFileSync(file, '---\nmodel: us.anthropic.claude-sonnet-4-5-20250929-v1:0\n---\n{{role "system"}}\nSys\n{{cachePoint}}\n{{role "user"}}\nHi {{name}}\n');
    let out = '';
    assert.equal(await main(['export', file, '--format', 'anthropic', '--input', 'name=Ann'], (s) => { out += s; }), 0);
    const body = JSON.parse(out) as { system: unknown; messages: { content: { text: string }[] }[] };
    assert.deepEqual(body.system, [{ type: 'text', text: 'Sys', cache_control: { type: 'ephemeral' } }]);
    assert.match(body.messages[0].content[0].text, /Hi Ann/);
    assert.equal(await main(['export', file], () => undefined), 2);
    assert.equal(await main(['export', file, '--format', 'xml', '--input', 'name=A'], () => undefined), 2);
  });
});
