import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { breakEven, costPreview } from '../../../src/core/costPreview';
import { formatCostMarkdown, formatCostSummary, formatCostTable } from '../../../src/core/costPreviewFormat';
import { formatUsd } from '../../../src/shared/numberFormat';
import { analyze, prose } from '../helpers/analyze';
import { DEFAULT_CACHE_SETTINGS } from '../../../src/core/promptConfig';
import { analysisOf, LLAMA, NOVA_PRO, settings, SONNET_4, SONNET_45 } from '../helpers/plannerFixtures';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

describe('cost preview', () => {
  const prompt = (points = [{ after: 1 }]) => analysisOf(SONNET_45, [
    { tokens: 1000, field: 'system' }, { tokens: 4000 }, { tokens: 200, changing: ['question'] },
  ], points);

  it('prices the first call (write) and each later call (read) from the file\'s points', () => {
    const p = costPreview(prompt(), settings());
    assert.equal(p.source, 'file');
    assert.equal(p.priceDate, '2026-09');
    const main = p.main;
    assert.ok(main);
    // us. profile: regional prices 3.30 / 0.33 / 4.125.
    close(main.firstCallUSD, (5000 * 4.125 + 200 * 3.3) / 1e6);
    close(main.laterCallUSD, (5000 * 0.33 + 200 * 3.3) / 1e6);
    close(p.withoutCacheUSD ?? 0, 5200 * 3.3 / 1e6);
    assert.equal(main.breakEvenReuses, 1);
    close(main.sequenceSavingUSD, 6 * (p.withoutCacheUSD ?? 0) - main.firstCallUSD - 5 * main.laterCallUSD);
  });

  it('compares 5 minutes with 1 hour where the model has both', () => {
    assert.deepEqual(costPreview(prompt(), settings()).byTtl.map((s) => s.label), ['5m', '1h']);
    const sonnet4 = analysisOf(SONNET_4, [{ tokens: 5000, field: 'system' }, { tokens: 10, changing: ['q'] }], [{ after: 0 }]);
    assert.deepEqual(costPreview(sonnet4, settings()).byTtl.map((s) => s.label), ['5m']);
    const [five, hour] = costPreview(prompt(), settings()).byTtl;
    assert.ok(hour.firstCallUSD > five.firstCallUSD);
    assert.equal(hour.estimate, true);
    assert.equal(five.estimate, false);
  });

  it('uses the suggestions when the file has no point', () => {
    const p = costPreview(prompt([]), settings());
    assert.equal(p.source, 'suggested');
    assert.equal(p.main?.first.cacheWrite5mTokens, 5000);
  });

  it('a point after changing content is written on every call and never read', () => {
    const p = costPreview(prompt([{ after: 2 }]), settings());
    assert.equal(p.main?.later.cacheReadInputTokens, 0);
    assert.equal(p.main?.later.cacheWrite5mTokens, 5200);
    assert.equal(p.main?.breakEvenReuses, null);
    assert.ok(p.notes.some((n) => /never read/.test(n)));
  });

  it('ignores points under the minimum and says so', () => {
    const small = analysisOf(SONNET_45, [{ tokens: 500, field: 'system' }, { tokens: 10, changing: ['q'] }], [{ after: 0 }]);
    const p = costPreview(small, settings());
    assert.equal(p.main, undefined);
    assert.ok(p.notes[0].includes('minimum'));
  });

  it('Nova: tools stay uncached input; the cold call costs exactly the uncached call, a warm one less', () => {
    const nova = analysisOf(NOVA_PRO, [{ tokens: 2000, kind: 'tools' }, { tokens: 3000, field: 'system' }, { tokens: 30, changing: ['q'] }], [{ after: 1 }]);
    const p = costPreview(nova, settings());
    const main = p.main;
    assert.deepEqual([main?.first.inputTokens, main?.first.cacheWrite5mTokens, main?.later.cacheReadInputTokens], [2030, 3000, 3000]);
    // Nova Pro: input 0.80, write 0.80 (= input), read 0.20 per 1M.
    close(main!.firstCallUSD, (2030 * 0.8 + 3000 * 0.8) / 1e6);
    close(p.withoutCacheUSD!, 5030 * 0.8 / 1e6);
    close(main!.laterCallUSD, (2030 * 0.8 + 3000 * 0.2) / 1e6);
    assert.equal(main!.breakEvenReuses, 0);
  });

  it('a cold call never shows a saving, for Nova or Claude; only the warm calls do', () => {
    for (const model of [NOVA_PRO, SONNET_4, SONNET_45]) {
      const a = analysisOf(model, [{ tokens: 6000, field: 'system' }, { tokens: 40, changing: ['q'] }], [{ after: 0 }]);
      for (const reuses of [0, 3]) {
        const p = costPreview(a, settings({ expectedReuses: reuses }));
        for (const s of [p.main!, ...p.byTtl]) {
          assert.ok(s.firstCallUSD >= p.withoutCacheUSD! - 1e-15, `${model} ${s.label}: cold ${s.firstCallUSD} < ${p.withoutCacheUSD}`);
          assert.ok(s.laterCallUSD < p.withoutCacheUSD!, `${model} ${s.label}: warm call saves`);
          if (reuses === 0) assert.ok(s.sequenceSavingUSD <= 1e-15, `${model} ${s.label}: one cold call saves nothing`);
        }
      }
    }
  });

  it('says the token counts are estimates next to the figures', () => {
    const p = costPreview({ ...prompt(), tokenizerLabel: 'estimate: cl100k × 1.15 for Claude' }, settings());
    assert.match(formatCostTable(p), /≈ 5,200 input tokens \(estimate/);
    assert.match(formatCostMarkdown(p), /≈ 5,200 input tokens \(estimate/);
    assert.doesNotMatch(formatCostTable(costPreview({ ...prompt(), tokenizerLabel: 'exact: CountTokens' }, settings())), /≈/);
  });

  it('models without caching or price get notes, not numbers', () => {
    const llama = costPreview(analysisOf(LLAMA, [{ tokens: 3000, field: 'system' }]), settings());
    assert.equal(llama.main, undefined);
    assert.ok(llama.notes.length > 0);
  });

  it('break-even counts the reuses needed to pay back the write', () => {
    assert.equal(breakEven(1.25, 0.1, 1), 1);
    assert.equal(breakEven(2, 0.1, 1), 2);
    assert.equal(breakEven(0.9, 0.5, 1), 0);
    assert.equal(breakEven(1.2, 1, 1), null);
  });

  it('formats a Markdown hover and a CLI table, both with the price date', () => {
    const p = costPreview(prompt(), settings());
    const md = formatCostMarkdown(p);
    assert.match(md, /prices of 2026-09/);
    assert.match(md, /\| first call \(writes 5,000\) \| \$0\.02129 \|/);
    assert.match(md, /1 hour \(est\.\)/);
    const cli = formatCostTable(p);
    assert.match(cli, /prices of 2026-09/);
    assert.match(cli, /break-even\s+after 1 reuse\s+after \d reuses/);
  });

  it('leads with a one-line summary and marks the column that is as written', () => {
    const p = costPreview(prompt(), settings());
    const line = formatCostSummary(p)!;
    assert.doesNotMatch(line, /\n/);
    const main = p.main!;
    const saving = 100 * p.withoutCacheUSD! - main.firstCallUSD - 99 * main.laterCallUSD;
    assert.ok(line.includes(`first call $0.02129 · each later call ${formatUsd(main.laterCallUSD)} · pays off after 1 reuse · saves ${formatUsd(saving)} per 100 calls`), line);
    assert.match(line, /5-minute TTL as written/);
    assert.match(formatCostMarkdown(p), /\| 5 min \(as written\) \| 1 hour \(est\.\) \|/);
    const hour = costPreview(analysisOf(SONNET_45, [{ tokens: 5000, field: 'system' }, { tokens: 10, changing: ['q'] }], [{ after: 0, ttl: '1h' }]), settings());
    assert.match(formatCostSummary(hour)!, /1-hour TTL as written/);
    assert.match(formatCostMarkdown(hour), /\| 5 min \| 1 hour \(as written\) \(est\.\) \|/);
  });
});

it('Nova: a prefix above the ~20K cached-token cap is priced as capped, with a note', async () => {
  const a = await analyze(`---\nmodel: us.amazon.nova-pro-v1:0\n---\n{{role "system"}}\n${prose(40000)}\n{{cachePoint}}\n{{role "user"}}\nQ: {{q}}\n`);
  assert.ok(a.cachePoints[0].prefixTokens > 20000);
  const preview = costPreview(a, DEFAULT_CACHE_SETTINGS);
  assert.equal(preview.main?.later.cacheReadInputTokens, 20000);
  assert.ok(preview.notes.some((n) => /at most about 20,000 tokens/.test(n)));
});
