// A probed minimum is labelled "probed on DATE in REGION" wherever the minimum is shown: the
// model hover, the cache point lens and hover, and the finding.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';
import { adviseCachePoints } from '../../../src/core/cacheAdvice';
import { cachePointHover, modelHover } from '../../../src/core/hoverText';
import { cachePointLensTitle } from '../../../src/core/labels';
import { MODEL_CATALOG } from '../../../src/core/modelCatalog';
import { resolveModel } from '../../../src/core/modelResolver';
import { catalogWithProbes, type ProbeResult } from '../../../src/core/probeResults';
import { DEFAULT_CACHE_SETTINGS } from '../../../src/core/promptConfig';

const probe: ProbeResult = {
  model: 'global.anthropic.claude-sonnet-4-6', baseId: 'anthropic.claude-sonnet-4-6', region: 'eu-west-1', minTokens: 2100, largestUncached: 1900,
  ttl1h: true, toolsPoint: true, requests: 12, costUSD: 0.05, probedAt: '2026-11-20T09:00:00.000Z', catalogMinTokens: 1024,
};
const LABEL = 'probed on 2026-11-20 in eu-west-1';
const text = `---\nmodel: global.anthropic.claude-sonnet-4-6\nbedrock.region: eu-west-1\n---\n{{role "system"}}\n${'The parties agree to the terms.\n'.repeat(220)}{{cachePoint}}\n{{role "user"}}\nQ?\n`;

it('the model hover shows the probed minimum with its label and the catalog value', () => {
  const hover = modelHover(resolveModel(probe.model, catalogWithProbes(MODEL_CATALOG, [probe], 'eu-west-1')), probe.model);
  // Plain text in the hover is Markdown-escaped (hyphens included).
  assert.match(hover.replace(/\\/g, ''), /\| minimum per cache point \(probed\) \| 2,100 tokens \(probed on 2026-11-20 in eu-west-1; catalog says 1,024\) \|/);
});

it('the file region picks the probe; lens, point hover and finding carry the label', async () => {
  const analysis = await new Analyzer().analyze(text, { probes: [probe], region: 'us-east-1' });
  const point = analysis.cachePoints[0];
  assert.ok(point.prefixTokens > 1024 && point.prefixTokens < 2100, `prefix ${point.prefixTokens}`);
  assert.equal(analysis.model?.row?.minTokens, 2100);
  assert.match(cachePointLensTitle(analysis, point), new RegExp(`below the 2,100 minimum \\(${LABEL}\\): will not be cached`));
  assert.match(cachePointHover(analysis, point, '5m'), new RegExp(`minimum of 2,100 tokens \\(${LABEL}\\)`));
  const finding = adviseCachePoints(analysis, DEFAULT_CACHE_SETTINGS).findings.find((f) => f.code === 'cache-below-minimum');
  assert.match(finding?.message ?? '', new RegExp(`Claude Sonnet 4.6's minimum of 2,100 tokens \\(${LABEL}\\)`));
});
