/**
 * Hand-made Analysis objects for planner, diagnostics and cost tests: a list of blocks with
 * token counts and where they land, laid out line by line the way a .prompt file would be
 * (role marker lines between containers, one line per cache point marker).
 */
import type { Analysis, Block, CachePoint, ConverseField } from '../../../src/core/analysis';
import { resolveModel } from '../../../src/core/modelResolver';
import { DEFAULT_CACHE_SETTINGS, type CacheSettings, type PromptConfig } from '../../../src/core/promptConfig';
import type { CacheTtl } from '../../../src/shared/usageRecord';

export interface BlockSpec {
  tokens: number;
  field?: ConverseField;
  /** Message index for message blocks (default 0). */
  msg?: number;
  kind?: Block['kind'];
  /** Changing variables; the first one sits on the line after the stable head. */
  changing?: string[];
  /** Tokens of the stable head of a changing block. */
  head?: number;
  lines?: number;
  /** Raw cl100k tokens (default: tokens / 1.15, the Claude calibration). */
  raw?: number;
}

export interface PointSpec {
  /** Index of the block the point follows (-1: before any block). */
  after: number;
  ttl?: CacheTtl;
}

export const FRONTMATTER_END = 4;

export function config(overrides: Partial<PromptConfig> = {}): PromptConfig {
  return {
    stable: [], toolNames: [], tools: [], inference: {}, additionalFields: {}, inputDefaults: {}, inputNames: [], ...overrides,
  };
}

export function settings(overrides: Partial<CacheSettings> = {}): CacheSettings {
  return { ...DEFAULT_CACHE_SETTINGS, ...overrides };
}

export function analysisOf(modelId: string, specs: BlockSpec[], points: PointSpec[] = [], cfg: Partial<PromptConfig> = {}): Analysis {
  const blocks: Block[] = [];
  const cachePoints: CachePoint[] = [];
  let line = FRONTMATTER_END + 1;
  let prefix = 0;
  let rawPrefix = 0;
  let container = '';
  const addPoints = (after: number, field: ConverseField, messageIndex: number | undefined) => {
    for (const p of points.filter((q) => q.after === after)) {
      const prev = cachePoints[cachePoints.length - 1];
      const range = field === 'tools'
        ? { start: { line: 2, character: 0 }, end: { line: 2, character: 17 } }
        : { start: { line, character: 0 }, end: { line, character: p.ttl ? 23 : 14 } };
      cachePoints.push({
        index: cachePoints.length, range, ttl: p.ttl, field, messageIndex, afterBlock: after,
        prefixTokens: prefix, rawPrefixTokens: rawPrefix,
        segmentTokens: prefix - (prev?.prefixTokens ?? 0), rawSegmentTokens: rawPrefix - (prev?.rawPrefixTokens ?? 0),
      });
      if (field !== 'tools') line++;
    }
  };
  specs.forEach((spec, index) => {
    const field = spec.field ?? (spec.kind === 'tools' ? 'tools' : 'message');
    const messageIndex = field === 'message' ? spec.msg ?? 0 : undefined;
    const kind = spec.kind ?? (field === 'tools' ? 'tools' : 'text');
    const raw = spec.raw ?? Math.round(spec.tokens / 1.15);
    if (index === 0) addPoints(-1, field, messageIndex);
    let range;
    if (kind === 'tools') {
      range = { start: { line: 1, character: 0 }, end: { line: 1, character: 12 } };
    } else {
      const key = `${field}:${messageIndex ?? ''}`;
      if (key !== container) { line++; container = key; }
      const lines = spec.lines ?? 3;
      range = { start: { line, character: 0 }, end: { line: line + lines, character: 0 } };
    }
    prefix += spec.tokens;
    rawPrefix += raw;
    const changing = (spec.changing ?? []).map((name) => ({ name, line: range.start.line + (spec.head !== undefined ? 1 : 0) }));
    const headRaw = spec.head !== undefined ? Math.round(spec.head / 1.15) : 0;
    blocks.push({
      index, kind, field, messageIndex, range, tokens: spec.tokens, rawTokens: raw,
      prefixTokens: prefix, rawPrefixTokens: rawPrefix,
      stable: changing.length === 0 && kind !== 'history',
      changing: kind === 'history' ? [{ name: 'history', line: range.start.line }] : changing,
      stableHead: spec.head !== undefined ? { tokens: spec.head, rawTokens: headRaw, endLine: range.start.line } : undefined,
      templateEstimate: false, unfilled: [], partials: [],
    });
    if (kind !== 'tools') line = range.end.line;
    addPoints(index, field, messageIndex);
  });
  const model = modelId ? resolveModel(modelId) : undefined;
  return {
    modelId, model, config: config(cfg), tokenizerLabel: 'test', frontmatterEndLine: FRONTMATTER_END,
    blocks, cachePoints, findings: [], totalTokens: prefix, rawTotalTokens: rawPrefix, reducedMode: false,
  };
}

export const SONNET_45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
export const SONNET_4 = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
export const HAIKU_45 = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
export const NOVA_PRO = 'us.amazon.nova-pro-v1:0';
export const LLAMA = 'us.meta.llama3-3-70b-instruct-v1:0';

/**
 * A document text that matches an analysisOf() layout: frontmatter on lines 0–4 (line 3 holds
 * `frontmatterLine3`), marker lines holding the markers, content lines elsewhere.
 */
export function textOf(analysis: Analysis, frontmatterLine3 = 'model: x'): string {
  const last = Math.max(FRONTMATTER_END + 1, ...analysis.blocks.map((b) => b.range.end.line), ...analysis.cachePoints.map((p) => p.range.end.line + 1));
  const lines = new Array<string>(last + 1).fill('some text');
  lines.splice(0, 5, '---', 'tools: [search]', 'cache.tools: true', frontmatterLine3, '---');
  for (const p of analysis.cachePoints) {
    if (p.field !== 'tools') lines[p.range.start.line] = p.ttl ? `{{cachePoint ttl="${p.ttl}"}}` : '{{cachePoint}}';
  }
  return lines.join('\n');
}
