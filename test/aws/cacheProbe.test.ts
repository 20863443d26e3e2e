// The live probe with the real SDK against the emulator, whose per-model rules play an account
// that differs from the catalog: the probe must find the minimum within one step, report the
// 1-hour TTL and tools point as configured, and its stored result must change the analysis.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { probeCaching } from '../../src/aws/cacheProbe';
import { adviseCachePoints } from '../../src/core/cacheAdvice';
import { Analyzer } from '../../src/core/analyzer';
import { DEFAULT_CACHE_SETTINGS } from '../../src/core/promptConfig';
import { resolveModel } from '../../src/core/modelResolver';
import { estimateProbe, MAX_PROBE_STEP } from '../../src/core/probePlan';
import { ProbeStore } from '../../src/node/probeStore';
import { startEmulator, type Emulator } from '../../emulator/server';
import { emulatorSettings, factory, isolateAwsEnvironment, longText } from './awsSupport';

isolateAwsEnvironment();
let emulator: Emulator;
const clients = factory();
before(async () => {
  emulator = await startEmulator({
    port: 0, host: '127.0.0.1',
    models: {
      // Sources disagree on Sonnet 4.6: the catalog says 1,024, this account caches from 2,048.
      'anthropic.claude-sonnet-4-6': { minTokens: 2048 },
      // An account where Nova Pro caches from less than the catalog says.
      'amazon.nova-pro-v1:0': { minTokens: 700 },
      'amazon.nova-lite-v1:0': { ttl1h: true, toolsPoint: true },
      'anthropic.claude-sonnet-4-5-20250929-v1:0': { ttl1h: false, toolsPoint: false },
    },
  });
});
after(async () => { clients.dispose(); await emulator.close(); });
beforeEach(() => emulator.reset());

async function probe(modelId: string) {
  const progress: string[] = [];
  const outcome = await probeCaching({
    client: clients.get(emulatorSettings(emulator)).client, model: resolveModel(modelId), region: 'us-east-1',
    onProgress: (step) => progress.push(step),
  });
  return { ...outcome, progress };
}

/** The probe's minimum is at or above the real one and at most one step (25%) above it. */
function withinOneStep(found: number | null, actual: number): void {
  assert.ok(found !== null, 'a minimum was found');
  assert.ok(found >= actual, `${found} is not below the real minimum ${actual}`);
  assert.ok(found - actual <= MAX_PROBE_STEP * found, `${found} is within one step of ${actual}`);
}

describe('probeCaching', () => {
  it('finds a minimum above the catalog value (Sonnet 4.6: 2,048 here, 1,024 in the catalog)', async () => {
    const { result, progress } = await probe('us.anthropic.claude-sonnet-4-6');
    withinOneStep(result.minTokens, 2048);
    assert.ok(result.largestUncached < 2048 && result.largestUncached > 0);
    assert.deepEqual([result.ttl1h, result.toolsPoint], [true, true]);
    assert.equal(result.requests, emulator.requests.length);
    assert.equal(progress.at(-1), 'done');
    assert.deepEqual([result.model, result.baseId, result.region, result.catalogMinTokens], ['us.anthropic.claude-sonnet-4-6', 'anthropic.claude-sonnet-4-6', 'us-east-1', 1024]);
    // The estimate shown before sending covers what was spent.
    const estimate = estimateProbe(1024, resolveModel('us.anthropic.claude-sonnet-4-6').prices);
    assert.ok(result.costUSD > 0 && result.costUSD <= estimate.costUSD, `${result.costUSD} within ${estimate.costUSD}`);
    assert.ok(result.requests <= estimate.requests);
  });

  it('sends write-then-read pairs with a unique nonce at the start of every prefix', async () => {
    await probe('amazon.nova-pro-v1:0');
    const firsts = emulator.requests.map((r) => JSON.stringify((r.body as { system?: { text?: string }[]; toolConfig?: { tools: { toolSpec?: { description: string } }[] } }).system?.[0]?.text
      ?? (r.body as { toolConfig: { tools: { toolSpec: { description: string } }[] } }).toolConfig.tools[0].toolSpec.description).slice(0, 40));
    assert.ok(firsts.every((f) => /Cache probe [0-9a-f]{16}\./.test(f)), firsts[0]);
    // Pairs share their prefix; no two pairs do.
    const searchPairs = (emulator.requests.length - 2) / 2;
    assert.equal(new Set(firsts).size, searchPairs + 2);
    for (let i = 0; i < searchPairs; i++) {
      assert.equal(firsts[2 * i], firsts[2 * i + 1]);
      const [write, read] = [emulator.requests[2 * i].usage!, emulator.requests[2 * i + 1].usage!];
      if ((write.cacheWriteInputTokens as number) > 0) assert.equal(read.cacheReadInputTokens, write.cacheWriteInputTokens);
    }
  });

  it('finds a minimum below the catalog value, and reports Nova refusing 1h and tools points', async () => {
    const { result } = await probe('amazon.nova-pro-v1:0');
    withinOneStep(result.minTokens, 700);
    assert.deepEqual([result.ttl1h, result.toolsPoint], [false, false]);
    // The refused 1-hour and tools requests count as sent.
    assert.equal(result.requests, emulator.requests.length);
    assert.deepEqual(emulator.requests.slice(-2).map((r) => r.status), [400, 400]);
  });

  it('reports the 1-hour TTL and the tools point as the account is configured', async () => {
    const lite = await probe('amazon.nova-lite-v1:0');
    withinOneStep(lite.result.minTokens, 1024);
    assert.deepEqual([lite.result.ttl1h, lite.result.toolsPoint], [true, true]);
    emulator.reset();
    const sonnet = await probe('global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    withinOneStep(sonnet.result.minTokens, 1024);
    // 1h silently kept for 5 minutes (cacheDetails says so) and tools points refused.
    assert.deepEqual([sonnet.result.ttl1h, sonnet.result.toolsPoint], [false, false]);
  });

  it('a failure is a specific message; stopped mid-probe, it says what was already sent', async () => {
    emulator.faults.add({ kind: 'error', errorType: 'AccessDeniedException', times: 1 });
    await assert.rejects(probe('amazon.nova-pro-v1:0'), (error: Error & { failure?: { kind: string } }) => {
      assert.equal(error.failure?.kind, 'accessDenied');
      assert.match(error.message, /Access denied to amazon\.nova-pro-v1:0 in us-east-1/);
      assert.doesNotMatch(error.message, /stopped after/);
      return true;
    });
    const controller = new AbortController();
    await assert.rejects(probeCaching({
      client: clients.get(emulatorSettings(emulator)).client, model: resolveModel('amazon.nova-pro-v1:0'), region: 'us-east-1', signal: controller.signal,
      onProgress: (_step, sent) => { if (sent === 3) controller.abort(); },
    }), (error: Error & { failure?: { kind: string } }) => {
      assert.equal(error.failure?.kind, 'cancelled');
      assert.match(error.message, /The probe stopped after 3 requests \(about \$0\.\d{4} at catalog prices\); nothing was stored\./);
      return true;
    });
  });

  it('its stored result turns a point the catalog accepts into a below-minimum error, labelled probed', async () => {
    const store = new ProbeStore(join(mkdtempSync(join(tmpdir(), 'pcs-probes-')), 'probes.json'));
    const { result } = await probe('us.anthropic.claude-sonnet-4-6');
    await store.save(result);
    const text = `---\nmodel: us.anthropic.claude-sonnet-4-6\n---\n{{role "system"}}\n${longText('Policy', 90)}\n{{cachePoint}}\n{{role "user"}}\nQ?\n`;
    const analyzer = new Analyzer();
    const findings = async (options = {}) => adviseCachePoints(await analyzer.analyze(text, options), DEFAULT_CACHE_SETTINGS).findings;
    const before = await analyzer.analyze(text);
    assert.ok(before.cachePoints[0].rawPrefixTokens > 1024 && before.cachePoints[0].prefixTokens < 2048, `prefix ${before.cachePoints[0].prefixTokens}`);
    assert.ok(!(await findings()).some((f) => f.code.includes('minimum')));
    const finding = (await findings({ probes: store.read(), region: 'us-east-1' })).find((f) => f.code === 'cache-below-minimum');
    assert.ok(finding, 'below-minimum appears');
    assert.match(finding.message, new RegExp(`minimum of ${result.minTokens!.toLocaleString('en-US')} tokens \\(probed on \\d{4}-\\d\\d-\\d\\d in us-east-1\\)`));
    // A probe made in another region does not apply where the file runs.
    assert.ok(!(await findings({ probes: store.read(), region: 'eu-west-1' })).some((f) => f.code.includes('minimum')));
  });
});
