/**
 * The shapes every consumer reads: one Analysis per document version, computed once and shared
 * by lenses, hovers, diagnostics, the planner, the CLI and the run path.
 */
import type { CacheTtl } from '../shared/usageRecord';
import type { ResolvedModel } from './modelResolver';
import type { PromptConfig } from './promptConfig';
import type { Fold } from './folding';

/** 0-based, like editor positions; the CLI converts to 1-based lines. */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export type ConverseField = 'tools' | 'system' | 'message';
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable code, documented in the README (e.g. `yaml-invalid`, `cache-below-minimum`). */
  code: string;
  severity: Severity;
  range: Range;
  message: string;
  /** The input the finding is about, when a quick fix needs its name (e.g. to add it to cache.stable). */
  input?: string;
  /** What a quick fix needs (the helper to declare, the model to map…). */
  data?: Record<string, string>;
}

/** A variable whose value changes from run to run, where it first appears. */
export interface ChangingContent {
  name: string;
  /** 0-based line of the first occurrence inside the block. */
  line: number;
}

export interface Block {
  index: number;
  kind: 'tools' | 'text' | 'media' | 'history';
  field: ConverseField;
  /** Dotprompt role of the section the block sits in. */
  role?: 'system' | 'user' | 'model';
  /** Index of the Converse message the block lands in (message blocks only). */
  messageIndex?: number;
  /** Source range of the block's template text (for tools: the frontmatter's tools key). */
  range: Range;
  /** Calibrated token estimate (or exact count when known) of the rendered content. */
  tokens: number;
  /** Raw cl100k count: a practical lower bound for Claude. */
  rawTokens: number;
  /** Running totals at the end of this block, tools → system → messages. */
  prefixTokens: number;
  rawPrefixTokens: number;
  stable: boolean;
  changing: ChangingContent[];
  /**
   * For a changing block whose first lines are stable: the tokens and the last line of that
   * stable head, so a cache point can go on its own line right before the first changing line.
   */
  stableHead?: { tokens: number; rawTokens: number; endLine: number };
  /** Counted from the template text because a marker sits inside {{#if}}/{{#each}}. */
  templateEstimate: boolean;
  /** Variables shown as their default or as 0 tokens (`+{{name}}` in the lens). */
  unfilled: string[];
  /** Partials the block includes. */
  partials: string[];
  /** For a media block: the url it names. */
  url?: string;
}

export interface CachePoint {
  index: number;
  range: Range;
  /** TTL written in the file, if any. */
  ttl?: CacheTtl;
  field: ConverseField;
  messageIndex?: number;
  /** Index of the last block before the point (-1 when none). */
  afterBlock: number;
  prefixTokens: number;
  rawPrefixTokens: number;
  /** Tokens since the previous cache point (or the start). */
  segmentTokens: number;
  rawSegmentTokens: number;
}

export interface Analysis {
  /** Model ID after frontmatter / default model resolution ('' when none). */
  modelId: string;
  /** The file's own `model:` when a model mapping chose `modelId` for it. */
  mappedFrom?: string;
  model?: ResolvedModel;
  config: PromptConfig;
  /** e.g. "estimate: cl100k × 1.15 for Claude". */
  tokenizerLabel: string;
  /** Lines where the frontmatter ends (0-based line of the closing ---), -1 when none. */
  frontmatterEndLine: number;
  blocks: Block[];
  cachePoints: CachePoint[];
  findings: Finding[];
  totalTokens: number;
  rawTotalTokens: number;
  /** Folding ranges: frontmatter, role sections, block helpers, comments. */
  folds?: Fold[];
  /** 0-based line of each top-level frontmatter key as written (dotted keys kept whole). */
  keyLines?: Record<string, number>;
  /** True when the document is above the size limit and only a cheap estimate was made. */
  reducedMode: boolean;
  /** A first look at a large file (characters ÷ 4) shown while the exact count is still running. */
  estimating?: boolean;
}
