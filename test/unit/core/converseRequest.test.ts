// The Converse request builder on prompts rendered by the real dotprompt renderer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';
import { buildConverseRequest, ConverseRequestError, countCachePoints, withoutCachePoints } from '../../../src/core/converseRequest';
import { createDotprompt } from '../../../src/core/renderer';
import type { PromptConfig } from '../../../src/core/promptConfig';

async function build(source: string, input: Record<string, unknown> = {}, extra: { readMedia?: (url: string) => { bytes: Uint8Array } | { error: string }; tools?: PromptConfig['tools'] } = {}) {
  const analysis = await new Analyzer().analyze(source);
  const rendered = await createDotprompt().render(source, { input: { ...analysis.config.inputDefaults, ...input } });
  return { analysis, ...buildConverseRequest(rendered, { modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', config: analysis.config, tools: extra.tools ?? analysis.config.tools, analysis, readMedia: extra.readMedia }) };
}

describe('buildConverseRequest', () => {
  it('puts system content in system and cache points exactly where the file puts them, with explicit TTLs', async () => {
    const { request, sites } = await build(`---
model: us.anthropic.claude-sonnet-4-5-20250929-v1:0
---
{{role "system"}}
Be careful.
{{cachePoint ttl="1h"}}
{{role "user"}}
Contract: {{doc}}
{{cachePoint}}
Question: {{q}}
`, { doc: 'D', q: 'Q' });
    assert.deepEqual(request.system, [{ text: 'Be careful.' }, { cachePoint: { type: 'default', ttl: '1h' } }]);
    assert.deepEqual(request.messages, [{ role: 'user', content: [{ text: 'Contract: D' }, { cachePoint: { type: 'default' } }, { text: 'Question: Q' }] }]);
    assert.equal(request.modelId, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    assert.equal(request.toolConfig, undefined);
    const points = sites.filter((s) => s.kind === 'cachePoint');
    assert.deepEqual(points.map((p) => [p.path, p.cachePointIndex, p.line]), [['system.1', 0, 5], ['messages.0.content.1', 1, 8]]);
    // The question after the point is its own block: its exact count must land there, not on the contract's.
    const texts = sites.filter((s) => s.kind === 'text');
    assert.deepEqual(texts.map((s) => [s.path, s.line]), [['system.0', 4], ['messages.0.content.0', 7], ['messages.0.content.2', 9]]);
  });

  it('maps model turns to assistant, merges consecutive turns of one role and drops blank text', async () => {
    const { request } = await build(`{{role "user"}}
Hi
{{role "model"}}
Hello
{{role "model"}}

{{role "user"}}
Next
{{role "user"}}
And more`);
    assert.deepEqual(request.messages, [
      { role: 'user', content: [{ text: 'Hi' }] },
      { role: 'assistant', content: [{ text: 'Hello' }] },
      { role: 'user', content: [{ text: 'Next' }, { text: 'And more' }] },
    ]);
  });

  it('sends config as inferenceConfig (maxOutputTokens becomes maxTokens) and other keys as additional fields', async () => {
    const { request } = await build(`---
config:
  temperature: 0.2
  topP: 0.9
  maxOutputTokens: 800
  stopSequences: ["END"]
  top_k: 5
---
Hi`);
    assert.deepEqual(request.inferenceConfig, { maxTokens: 800, temperature: 0.2, topP: 0.9, stopSequences: ['END'] });
    assert.deepEqual(request.additionalModelRequestFields, { top_k: 5 });
  });

  it('adds tool specs and a cache point after them when cache.tools is true', async () => {
    const { request, sites } = await build(`---
tools: [lookup]
cache.tools: true
bedrock.tools:
  - name: lookup
    description: Finds a clause
    inputSchema: {type: object, properties: {n: {type: string}}}
---
Hi`);
    assert.deepEqual(request.toolConfig, { tools: [
      { toolSpec: { name: 'lookup', description: 'Finds a clause', inputSchema: { json: { type: 'object', properties: { n: { type: 'string' } } } } } },
      { cachePoint: { type: 'default' } },
    ] });
    assert.equal(sites.find((s) => s.path === 'toolConfig.tools.1')?.kind, 'cachePoint');
  });

  it('gives the tools point a 1-hour TTL when a later point has one (Bedrock rejects 1h after 5m)', async () => {
    const { request } = await build(`---
cache.tools: true
bedrock.tools: [{name: lookup}]
---
{{role "system"}}
S
{{cachePoint ttl="1h"}}
{{role "user"}}
U`);
    assert.deepEqual(request.toolConfig?.tools.at(-1), { cachePoint: { type: 'default', ttl: '1h' } });
  });

  it('refuses a tool name that bedrock.tools does not describe', async () => {
    await assert.rejects(build(`---
tools: [lookup, search]
bedrock.tools: [{name: lookup}]
---
Hi`), (e: unknown) => e instanceof ConverseRequestError && e.code === 'tool-missing' && /search/.test(e.message));
  });

  it('reads local media through the injected reader and maps s3:// to s3Location', async () => {
    const seen: string[] = [];
    const { request } = await build(`Look:
{{media url="img/diagram.png"}}
{{media url="s3://bucket/spec_v2.pdf"}}
{{media url="notes.md"}}`, {}, { readMedia: (url) => { seen.push(url); return { bytes: new Uint8Array([1, 2, 3]) }; } });
    assert.deepEqual(seen, ['img/diagram.png', 'notes.md']);
    assert.deepEqual(request.messages[0].content, [
      { text: 'Look:' },
      { image: { format: 'png', source: { bytes: new Uint8Array([1, 2, 3]) } } },
      { document: { format: 'pdf', name: 'spec v2', source: { s3Location: { uri: 's3://bucket/spec_v2.pdf' } } } },
      { document: { format: 'md', name: 'notes', source: { bytes: new Uint8Array([1, 2, 3]) } } },
    ]);
  });

  it('refuses http(s) media with a clear error, and passes the reader\'s refusal on', async () => {
    await assert.rejects(build('{{media url="https://example.com/a.png"}}'), (e: unknown) => e instanceof ConverseRequestError && e.code === 'media-http' && /cannot fetch https:\/\/example.com\/a.png/.test(e.message));
    await assert.rejects(build('{{media url="../../etc/x.png"}}', {}, { readMedia: () => ({ error: 'Refused "../../etc/x.png": it resolves outside the workspace.' }) }),
      (e: unknown) => e instanceof ConverseRequestError && e.code === 'media-unreadable' && /outside the workspace/.test(e.message));
  });

  it('names a media kind it cannot tell', async () => {
    await assert.rejects(build('{{media url="blob.xyz"}}', {}, { readMedia: () => ({ bytes: new Uint8Array() }) }), (e: unknown) => e instanceof ConverseRequestError && e.code === 'media-format');
  });

  it('refuses a prompt with no message at all', async () => {
    await assert.rejects(build(`{{role "system"}}
Only system.`), (e: unknown) => e instanceof ConverseRequestError && e.code === 'no-messages');
  });

  it('withoutCachePoints removes every point and leaves the rest untouched', async () => {
    const { request } = await build(`---
cache.tools: true
bedrock.tools: [{name: lookup}]
---
{{role "system"}}
S
{{cachePoint}}
{{role "user"}}
U
{{cachePoint}}
V`);
    assert.equal(countCachePoints(request), 3);
    const plain = withoutCachePoints(request);
    assert.equal(countCachePoints(plain), 0);
    assert.equal(countCachePoints(request), 3, 'the original request is not mutated');
    assert.deepEqual(plain.system, [{ text: 'S' }]);
    assert.deepEqual(plain.messages, [{ role: 'user', content: [{ text: 'U' }, { text: 'V' }] }]);
    assert.equal(plain.toolConfig?.tools.length, 1);
  });
});
