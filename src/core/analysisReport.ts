/**
 * The JSON shape `analyze --json` prints (lines 1-based), shared by the CLI and by tests that
 * compare editor lenses with the CLI.
 */
import type { Analysis, Finding } from './analysis';
import type { CacheTtl } from '../shared/usageRecord';
import type { Suggestion } from './cachePlanner';

export interface ReportSuggestion {
  line: number;
  afterBlock: number;
  field: string;
  prefixTokens: number;
  segmentTokens: number;
  ttl: CacheTtl;
  savingPerReuseUSD: number;
  reason: string;
}

export interface AnalysisReport {
  file: string;
  model: string;
  /** The file's own model when a model mapping chose \`model\`. */
  mappedFrom?: string;
  tokenizer: string;
  totalTokens: number;
  blocks: { field: string; role?: string; messageIndex?: number; kind: string; startLine: number; endLine: number; tokens: number; prefixTokens: number; stable: boolean; templateEstimate?: boolean }[];
  cachePoints: { line: number; field: string; prefixTokens: number; segmentTokens: number; ttl: CacheTtl; status: string }[];
  suggestions: ReportSuggestion[];
  findings: { code: string; severity: string; line: number; column?: number; message: string }[];
}

export function toReport(file: string, analysis: Analysis, findings: Finding[], suggestions: Suggestion[], defaultTtl: CacheTtl): AnalysisReport {
  return {
    file,
    model: analysis.modelId,
    ...(analysis.mappedFrom ? { mappedFrom: analysis.mappedFrom } : {}),
    tokenizer: analysis.tokenizerLabel,
    totalTokens: analysis.totalTokens,
    blocks: analysis.blocks.map((b) => ({
      field: b.field, role: b.role, messageIndex: b.messageIndex, kind: b.kind,
      startLine: b.range.start.line + 1, endLine: b.range.end.line + 1,
      tokens: b.tokens, prefixTokens: b.prefixTokens, stable: b.stable,
      ...(b.templateEstimate ? { templateEstimate: true } : {}),
    })),
    cachePoints: analysis.cachePoints.map((p) => ({
      line: p.range.start.line + 1, field: p.field, prefixTokens: p.prefixTokens, segmentTokens: p.segmentTokens,
      ttl: p.ttl ?? defaultTtl, status: pointStatus(p.range.start.line, findings),
    })),
    suggestions: suggestions.map((s) => ({
      line: s.line + 1, afterBlock: s.afterBlock, field: s.field, prefixTokens: s.prefixTokens, segmentTokens: s.segmentTokens,
      ttl: s.ttl, savingPerReuseUSD: s.savingPerReuseUSD, reason: s.reason,
    })),
    findings: findings.map((f) => ({
      code: f.code, severity: f.severity, line: f.range.start.line + 1,
      ...(f.range.start.character > 0 ? { column: f.range.start.character + 1 } : {}), message: f.message,
    })),
  };
}

/** A point's status is the most severe finding on its line, or `ok`. */
function pointStatus(line: number, findings: Finding[]): string {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const onLine = findings.filter((f) => f.range.start.line === line && f.code.startsWith('cache-')).sort((a, b) => rank[a.severity] - rank[b.severity]);
  return onLine[0]?.code ?? 'ok';
}

export function exitCodeFor(reports: AnalysisReport[]): number {
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}
