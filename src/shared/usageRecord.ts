/**
 * The record one run against Bedrock leaves behind. Shared by the core (which computes it), the
 * history store (which persists it) and the usage panel (which draws it), so it is plain data only.
 */

import type { CacheCheck, RequestFingerprint } from './cacheCheck';
import type { CachePayoff } from './cachePayoff';

export type CacheTtl = '5m' | '1h';

/** Token counters as Bedrock reports them, plus the total we compute ourselves. */
export interface UsageTokens {
  /** Uncached input only (Bedrock's `inputTokens`). */
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  /** Writes split by TTL when Bedrock reports `cacheDetails`; absent otherwise. */
  cacheWrite5mTokens?: number;
  cacheWrite1hTokens?: number;
  /** inputTokens + cacheReadInputTokens + cacheWriteInputTokens (never Bedrock's totalTokens). */
  totalInputTokens: number;
}

/** What became of one of the file's cache points in this run, derived from prefix sizes. */
export interface CachePointOutcome {
  /** 0-based, like editor positions (the panel shows it 1-based). */
  line: number;
  prefixTokens: number;
  ttl: CacheTtl;
  status: 'read' | 'written' | 'not-cached';
  /**
   * Optional digest of the rendered prefix up to this point. When present, the cache-warm
   * countdown matches prefixes by it instead of by line and size.
   */
  prefixHash?: string;
}

/** A block of the prompt as the ribbon draws it (tools → system → messages order). */
export interface RibbonBlock {
  label: string;
  field: 'tools' | 'system' | 'message';
  /** 0-based, like editor positions; the panel's revealBlock message sends startLine back as is. */
  startLine: number;
  endLine: number;
  tokens: number;
  /** True when a cache point closes this block. */
  cachePointAfter?: boolean;
}

export interface UsageRecord {
  id: string;
  /** Workspace-relative path of the .prompt file. */
  file: string;
  startedAt: string;
  model: string;
  /** For a prompt router: the model it invoked. */
  invokedModel?: string;
  region: string;
  usage: UsageTokens;
  costUSD: number;
  /** The same call's cost with every input token charged at the plain input price. */
  costWithoutCacheUSD: number;
  /** Date of the price table the costs come from. */
  priceDate: string;
  latencyMs?: number;
  timeToFirstTokenMs?: number;
  stopReason?: string;
  /** False when the run ended early (cancel, broken stream, error after output started). */
  complete: boolean;
  error?: string;
  /** True when Bedrock refused the cache points and the run was retried without them. */
  cachePointsDropped?: boolean;
  cachePoints: CachePointOutcome[];
  blocks: RibbonBlock[];
  /** The request as sent, by hashes only: what the next run's cache check compares against. */
  fingerprint?: RequestFingerprint;
  /** What Bedrock read against what the earlier runs predicted, and why not. */
  cacheCheck?: CacheCheck;
  /** When this run wrote to the cache: what the write cost extra and what each later read saves. */
  payoff?: CachePayoff;
  /** Output text, possibly partial; model output is untrusted and is only ever shown as text. */
  text: string;
  /**
   * True when the answer was replayed from the response cache: no Bedrock call was made, the cost
   * is $0, and the run is left out of Bedrock prompt-cache statistics.
   */
  replayed?: boolean;
  /** For a replay: when the original answer was stored, and what that call cost and took. */
  replay?: ResponseReplay;
  /** Set when the run was one cell of a comparison (`compare --live`): which experiment, which cell. */
  experiment?: ExperimentTag;
}

export interface ResponseReplay {
  storedAt: string;
  savedUSD: number;
  savedMs: number;
}

/** Runs that reached Bedrock: the only ones prompt-cache statistics (hit ratio, savings, warmth) count. */
export function bedrockRuns(records: readonly UsageRecord[]): UsageRecord[] {
  return records.filter((r) => !r.replayed);
}

/** One comparison run: every record of it shares `id`; `cell` is "model strategy ttl". */
export interface ExperimentTag {
  id: string;
  cell: string;
}
