// The rendered request is checked before it is sent or exported: a {{cachePoint}} inside {{#each}}
// renders once per item, and the refusal names the template line.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli';
import { Analyzer } from '../../../src/core/analyzer';
import { checkRequest } from '../../../src/core/requestRules';
import { MODEL_CATALOG } from '../../../src/core/modelCatalog';
import { preparePrompt } from '../../../src/node/promptPreparation';

const SONNET45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const looped = `---\nmodel: ${SONNET45}\ninput:\n  default:\n    docs: [a, b, c, d, e, f]\n---\n{{role "user"}}\n{{#each docs}}\nDocument {{this}}\n{{cachePoint}}\n{{/each}}\nWhich one?\n`;

function project(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-rules-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 'p.prompt'), text);
  return join(dir, 'p.prompt');
}

describe('the final request check', () => {
  it('refuses six rendered points from one {{cachePoint}} in {{#each}}, naming its line', async () => {
    await assert.rejects(preparePrompt({ file: project(looped) }), /holds 6 cache points; .* at most 4\. The \{\{cachePoint\}\} on line 10 sits inside a block helper/);
  });

  it('export refuses it too, with exit 2 and nothing on stdout', async () => {
    let out = '';
    const code = await main(['export', project(looped)], (s) => { out += s; });
    assert.equal(code, 2);
    assert.equal(out, '');
  });

  it('the editor warns about a cache point inside a block helper', async () => {
    const analysis = await new Analyzer().analyze(looped);
    const finding = analysis.findings.find((f) => f.code === 'cache-point-in-block');
    assert.ok(finding);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.range.start.line, 9);
  });

  it('a Nova point in the tools, a 1h point after a 5m one, and a 1h point on Nova are each refused', () => {
    const nova = MODEL_CATALOG.find((r) => r.id === 'amazon.nova-pro-v1:0')!;
    const sonnet = MODEL_CATALOG.find((r) => r.id === 'anthropic.claude-sonnet-4-5-20250929-v1:0')!;
    const tools = { modelId: 'amazon.nova-pro-v1:0', messages: [{ role: 'user' as const, content: [{ text: 'Q' }] }],
      toolConfig: { tools: [{ toolSpec: { name: 't', inputSchema: { json: {} } } }, { cachePoint: { type: 'default' as const } }] } };
    assert.match(checkRequest(tools, [{ path: 'toolConfig.tools.1', kind: 'cachePoint', line: 2 }], nova)[0].message, /line 3: .*only in system and messages, not in tools/);
    const order = { modelId: SONNET45, system: [{ text: 'S' }, { cachePoint: { type: 'default' as const } }],
      messages: [{ role: 'user' as const, content: [{ text: 'Q' }, { cachePoint: { type: 'default' as const, ttl: '1h' as const } }] }] };
    assert.match(checkRequest(order, [], sonnet).map((p) => p.message).join(), /1-hour cache point comes after a 5-minute one/);
    assert.match(checkRequest({ ...order, modelId: 'amazon.nova-pro-v1:0' }, [], nova).map((p) => p.message).join(), /no 1-hour cache TTL/);
  });
});
