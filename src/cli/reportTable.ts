/** The readable (non-JSON) form of an analysis report. */
import type { AnalysisReport } from '../core/analysisReport';

const n = (value: number) => value.toLocaleString('en-US');

export function formatReportTable(report: AnalysisReport): string {
  const lines: string[] = [];
  lines.push(`${report.file}  model: ${report.model || '(none)'}${report.mappedFrom ? ` (for ${report.mappedFrom})` : ''}  ${report.tokenizer}  total ≈ ${n(report.totalTokens)} tokens`);
  lines.push('  lines      field     tokens    prefix  stable');
  for (const b of report.blocks) {
    const where = b.field === 'message' ? `msg ${b.messageIndex ?? 0}` : b.field;
    lines.push(`  ${`${b.startLine}-${b.endLine}`.padEnd(10)} ${where.padEnd(8)} ${n(b.tokens).padStart(7)} ${n(b.prefixTokens).padStart(9)}  ${b.stable ? 'yes' : 'no'}${b.templateEstimate ? ' (template estimate)' : ''}`);
  }
  for (const p of report.cachePoints) {
    lines.push(`  cache point line ${p.line} (${p.field}, ttl ${p.ttl}): prefix ${n(p.prefixTokens)}, segment ${n(p.segmentTokens)} — ${p.status}`);
  }
  for (const s of report.suggestions) {
    lines.push(`  + suggest {{cachePoint}} before line ${s.line}: caches ${n(s.prefixTokens)} tokens, saves ≈$${s.savingPerReuseUSD.toFixed(4)} per reuse — ${s.reason}`);
  }
  for (const f of report.findings) {
    lines.push(`  ${f.severity.padEnd(7)} line ${f.line}${f.column ? `:${f.column}` : ''} [${f.code}] ${f.message}`);
  }
  return lines.join('\n');
}
