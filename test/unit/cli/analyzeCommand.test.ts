import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli';
import type { AnalysisReport } from '../../../src/core/analysisReport';
import { REPO_ROOT } from '../../support/paths';

const EXAMPLES = join(REPO_ROOT, 'examples');
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.prompt') && !f.startsWith('_')).map((f) => join(EXAMPLES, f));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, (s) => { out += s + '\n'; });
  return { code, out };
}

describe('cli analyze', () => {
  for (const file of examples) {
    it(`reports ordered, disjoint block ranges and totals that sum: ${file.slice(EXAMPLES.length + 1)}`, async () => {
      const { code, out } = await cli('analyze', '--json', file);
      const report = JSON.parse(out) as AnalysisReport;
      assert.equal(code, 0, JSON.stringify(report.findings));
      assert.ok(report.blocks.length > 0);
      const lines = readFileSync(file, 'utf8').split('\n');
      let previousEnd = 0;
      for (const block of report.blocks.filter((b) => b.field !== 'tools')) {
        assert.ok(block.startLine > previousEnd, `block at ${block.startLine} overlaps the one ending at ${previousEnd}`);
        assert.ok(block.endLine >= block.startLine);
        assert.ok(lines[block.startLine - 1].trim().length > 0, `block starts on a blank line ${block.startLine}`);
        previousEnd = block.endLine;
      }
      assert.equal(report.totalTokens, report.blocks.reduce((sum, b) => sum + b.tokens, 0));
      const prefixes = [...report.blocks].sort((a, b) => a.prefixTokens - b.prefixTokens).map((b) => b.prefixTokens);
      assert.equal(prefixes.at(-1), report.totalTokens);
    });
  }

  it('exits 1 when there are error findings and names the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcs-cli-'));
    const file = join(dir, 'bad.prompt');
    writeFileSync(file, '---\nmodel: us.amazon.nova-pro-v1:0\ncache.ttl: 2h\n---\nHello\n');
    const { code, out } = await cli('analyze', '--json', file);
    assert.equal(code, 1);
    const report = JSON.parse(out) as AnalysisReport;
    assert.deepEqual(report.findings.map((f) => [f.code, f.severity, f.line]), [['cache-ttl-invalid', 'error', 3]]);
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await cli('analyze')).code, 2);
    assert.equal((await cli('analyze', '--strategy', 'greedy', examples[0])).code, 2);
    assert.equal((await cli('analyze', '--bogus', examples[0])).code, 2);
    assert.equal((await cli('frobnicate')).code, 2);
    assert.equal((await cli('analyze', '/nonexistent/x.prompt')).code, 2);
  });

  it('prints a readable table without --json', async () => {
    const { out } = await cli('analyze', examples[0]);
    assert.match(out, /total ≈ [\d,]+ tokens/);
    assert.match(out, /lines\s+block\s+tokens\s+prefix/);
  });

  it('--model fills in a file without a model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcs-cli-'));
    const file = join(dir, 'nomodel.prompt');
    writeFileSync(file, 'Hello there\n');
    const report = JSON.parse((await cli('analyze', '--json', '--model', 'us.amazon.nova-lite-v1:0', file)).out) as AnalysisReport;
    assert.equal(report.model, 'us.amazon.nova-lite-v1:0');
    assert.equal(report.tokenizer, 'estimate: cl100k × 1.05 for Nova');
  });
});
