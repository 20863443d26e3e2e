// `analyze --model ID` analyzes with that model even when the file names another, as run, count and
// export do: the minimum, the tokenizer calibration and the findings follow the override.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli';
import type { AnalysisReport } from '../../../src/core/analysisReport';

async function analyze(...args: string[]): Promise<AnalysisReport> {
  let out = '';
  await main(['analyze', '--json', ...args], (s) => { out += s + '\n'; });
  return JSON.parse(out) as AnalysisReport;
}

describe('analyze --model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-model-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  const file = join(dir, 'g.prompt');
  writeFileSync(file, '---\nmodel: googleai/gemini-2.5-flash\n---\n{{role "system"}}\nYou answer briefly.\n{{cachePoint}}\n{{role "user"}}\nHi\n');

  it('keeps the file\'s model without the flag', async () => {
    const report = await analyze(file);
    assert.equal(report.model, 'googleai/gemini-2.5-flash');
  });

  it('overrides the file\'s model, and the findings follow the override', async () => {
    const plain = await analyze(file);
    const report = await analyze(file, '--model', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    assert.equal(report.model, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    assert.match(report.tokenizer, /Claude/);
    assert.ok(report.findings.some((f) => f.code === 'cache-below-minimum'), JSON.stringify(report.findings.map((f) => f.code)));
    assert.notDeepEqual(plain.findings.map((f) => f.code), report.findings.map((f) => f.code));
  });
});
