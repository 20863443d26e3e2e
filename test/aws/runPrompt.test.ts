// Running .prompt files through the product's runner, with the real SDK client against the local
// emulator: the request Bedrock receives for every construct, streaming, and the usage records.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { join } from 'node:path';
import { callCostUSD } from '../../src/core/costModel';
import { MODEL_CATALOG } from '../../src/core/modelCatalog';
import { runPrompt } from '../../src/aws/promptRunner';
import { HistoryFile } from '../../src/node/historyFile';
import type { UsageRecord } from '../../src/shared/usageRecord';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cl100kTokens, FRAMING } from '../emulator/testSupport';
import { emulatorSettings, factory, isolateAwsEnvironment, longText, workspace } from './awsSupport';

isolateAwsEnvironment();
let emulator: Emulator;
const clients = factory();
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { clients.dispose(); await emulator.close(); });
beforeEach(() => emulator.reset());

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const SONNET45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

const everyConstruct = `---
model: ${SONNET45}
config:
  temperature: 0.3
  maxOutputTokens: 200
  stopSequences: ["STOP"]
  top_k: 7
tools: [lookup]
cache.tools: true
bedrock.tools: tools.json
---
{{role "system"}}
You are careful.
{{cachePoint ttl="1h"}}
{{role "user"}}
Here is the diagram:
{{media url="img/diagram.png"}}
{{media url="s3://contracts/msa.pdf"}}
{{cachePoint ttl="5m"}}
Question: {{question}}
`;
const tools = [{ name: 'lookup', description: 'Finds a clause', inputSchema: { type: 'object', properties: { n: { type: 'string' } } } }];

for (const http1 of [false, true]) {
  describe(`runPrompt over ${http1 ? 'HTTP/1.1 (NodeHttpHandler)' : 'HTTP/2'}`, () => {
    it('sends every construct of the file in Converse form', async () => {
      const root = workspace({ 'a.prompt': everyConstruct, 'tools.json': JSON.stringify(tools), 'img/diagram.png': PNG });
      const result = await runPrompt({
        file: join(root, 'a.prompt'), workspaceRoots: [root], inputs: { question: 'Which?' }, clients,
        client: emulatorSettings(emulator, { http1 }), onCacheUnsupported: 'fail',
      });
      assert.equal(result.failure, undefined);
      const [req] = emulator.requests;
      assert.equal(req.transport, http1 ? 'http/1.1' : 'h2');
      assert.equal(req.operation, 'converse-stream');
      assert.equal(req.modelId, SONNET45);
      assert.deepEqual(req.body, {
        system: [{ text: 'You are careful.' }, { cachePoint: { type: 'default', ttl: '1h' } }],
        messages: [{ role: 'user', content: [
          { text: 'Here is the diagram:' },
          { image: { format: 'png', source: { bytes: Buffer.from(PNG).toString('base64') } } },
          { document: { format: 'pdf', name: 'msa', source: { s3Location: { uri: 's3://contracts/msa.pdf' } } } },
          { cachePoint: { type: 'default', ttl: '5m' } },
          { text: 'Question: Which?' },
        ] }],
        toolConfig: { tools: [
          { toolSpec: { name: 'lookup', description: 'Finds a clause', inputSchema: { json: tools[0].inputSchema } } },
          { cachePoint: { type: 'default', ttl: '1h' } },
        ] },
        inferenceConfig: { maxTokens: 200, temperature: 0.3, stopSequences: ['STOP'] },
        additionalModelRequestFields: { top_k: 7 },
      });
    });

    it('streams the answer: deltas add up to the text, first token before the end', async () => {
      const root = workspace({ 'a.prompt': `---\nmodel: amazon.nova-pro-v1:0\n---\nSay hello to {{name}}.` });
      const deltas: string[] = [];
      let firstToken: number | undefined;
      const result = await runPrompt({
        file: join(root, 'a.prompt'), inputs: { name: 'Ada' }, clients, client: emulatorSettings(emulator, { http1 }),
        onDelta: (text) => deltas.push(text), onFirstToken: (ms) => { firstToken = ms; },
      });
      const [record] = result.records;
      const input = cl100kTokens('Say hello to Ada.') + FRAMING;
      assert.equal(record.text, `Emulated reply from amazon.nova-pro-v1:0: ${input} input tokens.`);
      assert.ok(deltas.length > 3, 'the answer arrived in several deltas');
      assert.equal(deltas.join(''), record.text);
      assert.equal(record.complete, true);
      assert.equal(record.stopReason, 'end_turn');
      assert.ok(firstToken !== undefined && record.timeToFirstTokenMs !== undefined && record.latencyMs !== undefined);
      assert.ok(record.timeToFirstTokenMs! <= record.latencyMs!);
      assert.equal(record.usage.inputTokens, input);
    });
  });
}

describe('usage records', () => {
  const system = longText('Policy', 100);
  const source = `---
model: ${SONNET45}
---
{{role "system"}}
${system}
{{cachePoint}}
{{role "user"}}
Question: {{q}}
`;

  it('two runs: the first writes the cache, the second reads it, with totals and costs computed', async () => {
    const root = workspace({ 'p.prompt': source });
    const historyPath = join(root, '.history', 'history.json');
    const history = new HistoryFile(historyPath);
    const result = await runPrompt({
      file: join(root, 'p.prompt'), workspaceRoots: [root], relativeFile: 'p.prompt', inputs: { q: 'Why?' }, times: 2, clients,
      client: emulatorSettings(emulator), historyStore: history,
    });
    const S = cl100kTokens(system);
    const rest = FRAMING + cl100kTokens('Question: Why?');
    const [cold, warm] = result.records;
    assert.deepEqual(cold.usage, { inputTokens: rest, outputTokens: cold.usage.outputTokens, cacheReadInputTokens: 0, cacheWriteInputTokens: S, totalInputTokens: S + rest });
    assert.deepEqual(warm.usage, { inputTokens: rest, outputTokens: warm.usage.outputTokens, cacheReadInputTokens: S, cacheWriteInputTokens: 0, totalInputTokens: S + rest });
    // 0-based line of the {{cachePoint}}: three frontmatter lines, the role marker, then the system text.
    const pointLine = 4 + system.split('\n').length;
    assert.deepEqual(cold.cachePoints.map((p) => [p.line, p.status, p.ttl]), [[pointLine, 'written', '5m']]);
    assert.deepEqual(warm.cachePoints.map((p) => [p.line, p.status]), [[pointLine, 'read']]);
    const prices = MODEL_CATALOG.find((r) => r.id === 'anthropic.claude-sonnet-4-5-20250929-v1:0')!.regionalPrices!;
    const warmCost = callCostUSD(prices, { inputTokens: rest, cacheReadInputTokens: S, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: warm.usage.outputTokens });
    assert.ok(Math.abs(warm.costUSD - warmCost) < 1e-12);
    assert.ok(warm.costUSD < warm.costWithoutCacheUSD);
    assert.ok(cold.costUSD > cold.costWithoutCacheUSD, 'a cache write costs more than plain input');
    assert.equal(cold.priceDate, '2026-09');
    assert.equal(cold.region, 'us-east-1');
    assert.deepEqual(cold.blocks.map((b) => [b.label, b.field, b.cachePointAfter]), [['System', 'system', true], ['User message 1', 'message', undefined]]);
    const stored: UsageRecord[] = await new HistoryFile(historyPath).recordsFor('p.prompt');
    assert.deepEqual(stored.map((r) => r.id), [cold.id, warm.id]);
  });

  it('Nova: a cold run costs exactly the uncached call (writes at the input price), a warm run less', async () => {
    const root = workspace({ 'n.prompt': source.replace(SONNET45, 'amazon.nova-pro-v1:0') });
    const result = await runPrompt({
      file: join(root, 'n.prompt'), workspaceRoots: [root], relativeFile: 'n.prompt', inputs: { q: 'Why?' }, times: 2, clients,
      client: emulatorSettings(emulator),
    });
    assert.equal(result.failure, undefined);
    const S = cl100kTokens(system);
    const rest = FRAMING + cl100kTokens('Question: Why?');
    const [cold, warm] = result.records;
    assert.deepEqual([cold.usage.cacheWriteInputTokens, cold.usage.inputTokens, warm.usage.cacheReadInputTokens], [S, rest, S]);
    // Nova Pro per 1M: input 0.80, write 0.80 (no premium, not free), read 0.20, output 3.20.
    const out = (r: UsageRecord) => r.usage.outputTokens * 3.2;
    assert.ok(Math.abs(cold.costUSD - ((S + rest) * 0.8 + out(cold)) / 1e6) < 1e-12, `cold ${cold.costUSD}`);
    assert.ok(Math.abs(cold.costUSD - cold.costWithoutCacheUSD) < 1e-12, 'a cold run shows no saving');
    assert.ok(Math.abs(warm.costUSD - (S * 0.2 + rest * 0.8 + out(warm)) / 1e6) < 1e-12, `warm ${warm.costUSD}`);
    assert.ok(warm.costUSD < warm.costWithoutCacheUSD);
  });

  it('names missing inputs before anything is sent', async () => {
    const root = workspace({ 'p.prompt': `---\nmodel: ${SONNET45}\ninput:\n  schema:\n    q: string\n    doc: string\n---\n{{doc}} {{q}} {{other}}` });
    await assert.rejects(runPrompt({ file: join(root, 'p.prompt'), clients, client: emulatorSettings(emulator), inputs: { q: 'x' } }),
      (e: Error & { missingInputs?: string[] }) => /Missing inputs: doc, other/.test(e.message) && e.missingInputs?.join() === 'doc,other');
    assert.equal(emulator.requests.length, 0);
  });
});
