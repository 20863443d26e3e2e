/** The readable (non-JSON) form of an analysis report. */
import type { AnalysisReport } from '../core/analysisReport';
import { blockName } from '../shared/blockNames';
import { formatTokens, formatUsd } from '../shared/numberFormat';

export function formatReportTable(report: AnalysisReport): string {
  const lines: string[] = [];
  lines.push(`${report.file}  model: ${report.model || '(none)'}${report.mappedFrom ? ` (for ${report.mappedFrom})` : ''}  ${report.tokenizer}  total ≈ ${formatTokens(report.totalTokens)} tokens`);
  const names = report.blocks.map((b) => blockName(b));
  const nameWidth = Math.max('block'.length, ...names.map((name) => name.length));
  lines.push(`  ${'lines'.padEnd(10)} ${'block'.padEnd(nameWidth)} ${'tokens'.padStart(7)} ${'prefix'.padStart(9)}  stable`);
  report.blocks.forEach((b, i) => {
    lines.push(`  ${`${b.startLine}-${b.endLine}`.padEnd(10)} ${names[i].padEnd(nameWidth)} ${formatTokens(b.tokens).padStart(7)} ${formatTokens(b.prefixTokens).padStart(9)}  ${b.stable ? 'yes' : 'no'}${b.templateEstimate ? ' (template estimate)' : ''}`);
  });
  for (const p of report.cachePoints) {
    lines.push(`  cache point line ${p.line} (${p.field}, ttl ${p.ttl}): prefix ${formatTokens(p.prefixTokens)}, segment ${formatTokens(p.segmentTokens)} — ${p.status}`);
  }
  for (const s of report.suggestions) {
    lines.push(`  + suggest {{cachePoint}} before line ${s.line}: caches ${formatTokens(s.prefixTokens)} tokens, saves ${formatUsd(s.savingPerReuseUSD, { approx: true })} per reuse — ${s.reason}`);
  }
  for (const f of report.findings) {
    lines.push(`  ${f.severity.padEnd(7)} line ${f.line}${f.column ? `:${f.column}` : ''} [${f.code}] ${f.message}`);
  }
  return lines.join('\n');
}
