// `compare --live` against the emulator through the real SDK: each cell runs N times (cold, then
// warm) and gains `measured`; a prompt router is a measured-only row naming the model it routed
// to; every run is kept in the history under one experiment ID and exported as CSV.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/server';
import { MODEL_CATALOG } from '../../src/core/modelCatalog';
import { callCostUSD } from '../../src/core/costModel';
import { cli } from '../security/securitySupport';
import { FAKE_KEYS, isolateAwsEnvironment, longText, workspace } from './awsSupport';

isolateAwsEnvironment();
let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });

const SONNET45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const ROUTER = 'arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1';
const env = { AWS_ACCESS_KEY_ID: FAKE_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_KEYS.secretAccessKey, AWS_REGION: 'us-east-1' };

interface Row {
  model: string; strategy: string; ttl: string | null; measuredOnly?: boolean;
  measured?: { runs: number; costUSD: number; hitRatio: number; ttftMsMedian: number | null; invokedModels?: string[]; runsDetail: { costUSD: number; cacheCheck?: { verdict: string }; invokedModel?: string }[] };
}

describe('compare --live', () => {
  const root = workspace({
    'package.json': '{}',
    'p.prompt': `---\nmodel: us.${SONNET45}\n---\n{{role "system"}}\n${longText('policy', 220)}\n{{role "user"}}\nQuestion?\n`,
  });
  const history = join(root, 'history.json');
  const exported = join(root, 'experiment.csv');

  it('measures each cell and a prompt router, and keeps them as one experiment', async () => {
    const result = await cli([
      'compare', 'p.prompt', '--models', SONNET45, '--strategies', 'none,conservative', '--ttls', '5m,1h', '--interval', '1m',
      '--live', '--times', '3', '--endpoint', emulator.url, '--routers', ROUTER, '--history', history, '--export', exported, '--json',
    ], root, { env });
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { rows: Row[]; experiment: string };
    const cell = (strategy: string, ttl: string | null) => json.rows.find((r) => r.model === SONNET45 && r.strategy === strategy && r.ttl === ttl)!;

    const none = cell('none', null).measured!;
    assert.equal(none.runs, 3);
    assert.equal(none.hitRatio, 0);
    assert.ok(none.costUSD > 0 && none.ttftMsMedian !== null);
    for (const ttl of ['5m', '1h']) {
      const m = cell('conservative', ttl).measured!;
      assert.equal(m.runs, 3);
      // Cold run writes, the two warm runs read most of the prompt.
      assert.ok(m.hitRatio > 0.5, `${ttl}: ${m.hitRatio}`);
      assert.ok(m.costUSD < none.costUSD, ttl);
      assert.deepEqual(m.runsDetail.map((r) => r.cacheCheck?.verdict), ['first', 'hit', 'hit']);
    }

    const router = json.rows.find((r) => r.model === ROUTER)!;
    assert.equal(router.measuredOnly, true);
    assert.equal(router.measured!.runs, 3);
    const invoked = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0';
    assert.deepEqual(router.measured!.invokedModels, [invoked]);
    assert.ok(router.measured!.runsDetail.every((r) => r.invokedModel === invoked && r.costUSD > 0));

    // History: every run of the experiment carries its ID and cell; the router's runs are priced at Haiku.
    const stored = JSON.parse(readFileSync(history, 'utf8')) as { files: Record<string, { experiment?: { id: string; cell: string }; model: string; costUSD: number; usage: { inputTokens: number; outputTokens: number } }[]> };
    const records = stored.files['p.prompt'];
    assert.equal(records.length, 4 * 3);
    assert.ok(records.every((r) => r.experiment?.id === json.experiment));
    assert.equal(new Set(records.map((r) => r.experiment!.cell)).size, 4);
    const haiku = MODEL_CATALOG.find((r) => r.id === 'anthropic.claude-3-5-haiku-20241022-v1:0')!;
    const routed = records.filter((r) => r.model === ROUTER);
    assert.equal(routed.length, 3);
    for (const r of routed) {
      assert.equal(r.costUSD, callCostUSD(haiku.prices!, { inputTokens: r.usage.inputTokens, cacheReadInputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: r.usage.outputTokens }));
    }

    const csv = readFileSync(exported, 'utf8').trim().split('\r\n');
    assert.equal(csv.length, 1 + 12);
    assert.ok(csv[0].split(',').includes('experiment'));
    assert.ok(csv.slice(1).every((line) => line.includes(json.experiment)));
  });
});
