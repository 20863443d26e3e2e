// Stored probe results: the file format, one result per model and region, and how a result
// replaces the catalog's minimum, TTLs and places, labelled with its date and region.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODEL_CATALOG } from '../../../src/core/modelCatalog';
import { catalogWithProbes, parseProbeFile, probeFor, probeLabel, serializeProbes, upsertProbe, type ProbeResult } from '../../../src/core/probeResults';

const result = (over: Partial<ProbeResult> = {}): ProbeResult => ({
  model: 'us.anthropic.claude-sonnet-4-6', baseId: 'anthropic.claude-sonnet-4-6', region: 'us-east-1', minTokens: 2100, largestUncached: 1900,
  ttl1h: false, toolsPoint: false, requests: 12, costUSD: 0.05, probedAt: '2026-11-27T10:00:00.000Z', catalogMinTokens: 1024, ...over,
});

describe('probe results', () => {
  it('round-trips through the file and names the file and key of a bad entry', () => {
    assert.deepEqual(parseProbeFile(serializeProbes([result()]), 'p.json'), [result()]);
    assert.throws(() => parseProbeFile('{', 'p.json'), /p\.json is not valid JSON/);
    assert.throws(() => parseProbeFile('{"probes": {}}', 'p.json'), /p\.json: expected \{"version": 1, "probes": \[\.\.\.\]\}/);
    const bad = JSON.stringify({ version: 1, probes: [{ ...result(), minTokens: 'many' }] });
    assert.throws(() => parseProbeFile(bad, 'p.json'), /p\.json: probes\[0\]\.minTokens must be a token count or null/);
  });

  it('keeps one result per model and region', () => {
    const list = upsertProbe(upsertProbe([result()], result({ region: 'eu-west-1' })), result({ minTokens: 2200 }));
    assert.deepEqual(list.map((p) => [p.region, p.minTokens]), [['eu-west-1', 2100], ['us-east-1', 2200]]);
    assert.equal(probeFor(list, 'anthropic.claude-sonnet-4-6', 'eu-west-1')?.region, 'eu-west-1');
    assert.equal(probeFor(list, 'anthropic.claude-sonnet-4-6', 'ap-south-1'), undefined);
  });

  it('replaces the catalog minimum, TTLs and places, with the label', () => {
    const row = catalogWithProbes(MODEL_CATALOG, [result()], 'us-east-1').find((r) => r.id === 'anthropic.claude-sonnet-4-6')!;
    assert.equal(row.minTokens, 2100);
    assert.deepEqual(row.ttls, ['5m']);
    assert.deepEqual(row.fields, ['system', 'messages']);
    assert.equal(row.probed, 'probed on 2026-11-27 in us-east-1');
    assert.equal(probeLabel(result()), row.probed);
    assert.match(row.minNote!, /catalog says 1,024/);
    // Other models keep their catalog rows.
    assert.equal(catalogWithProbes(MODEL_CATALOG, [result()], 'us-east-1').find((r) => r.id === 'amazon.nova-pro-v1:0'), MODEL_CATALOG.find((r) => r.id === 'amazon.nova-pro-v1:0'));
  });

  it('a probe that found no minimum keeps the catalog value and says so', () => {
    const row = catalogWithProbes(MODEL_CATALOG, [result({ minTokens: null, largestUncached: 8192 })]).find((r) => r.id === 'anthropic.claude-sonnet-4-6')!;
    assert.equal(row.minTokens, 1024);
    assert.match(row.minNote!, /nothing cached up to 8,192 tokens; catalog value kept/);
  });
});
