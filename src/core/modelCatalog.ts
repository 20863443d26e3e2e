/**
 * Every model's prompt-caching limits and prices in one table (see README "Model catalog").
 * A new model is one row; users add or override rows with the `promptCache.models` setting.
 */
import type { CacheTtl } from '../shared/usageRecord';

export type CacheField = 'tools' | 'system' | 'messages';
export type ModelFamily = 'claude' | 'nova' | 'other';

/** USD per 1M tokens. */
export interface PriceRow {
  input: number;
  output: number;
  cacheWrite5m: number;
  /** Not published for Bedrock: shown as an estimate (2× input, Anthropic's own rate). */
  cacheWrite1h?: number;
  cacheRead: number;
}

export interface ModelRow {
  id: string;
  name: string;
  family: ModelFamily;
  /** Smallest prefix, in tokens, that a cache point caches. 0 when the model does not cache. */
  minTokens: number;
  minNote?: string;
  /** Set when the minimum, TTLs and places come from a live probe: "probed on DATE in REGION". */
  probed?: string;
  maxPoints: number;
  fields: readonly CacheField[];
  ttls: readonly CacheTtl[];
  /** On-demand calls need an inference profile ID (Claude 4.x). */
  requiresProfile: boolean;
  /** CountTokens answers for this model. */
  countTokens: boolean;
  /** Nova caches at most about this many tokens per request. */
  maxCachedTokens?: number;
  prices?: PriceRow;
  /** Prices for regional (geography-prefixed) profiles when they differ from global. */
  regionalPrices?: PriceRow;
  priceDate?: string;
  /** Multiplier applied to the cl100k count; the label tells the user it is an estimate. */
  tokenizerFactor: number;
}

export const PRICE_DATE = '2026-09';

const claudeOld = { family: 'claude', maxPoints: 4, fields: ['tools', 'system', 'messages'], ttls: ['5m'], countTokens: true, tokenizerFactor: 1.15, priceDate: PRICE_DATE } as const;
const claude45 = { ...claudeOld, ttls: ['5m', '1h'], requiresProfile: true } as const;
const nova = { family: 'nova', minTokens: 1024, maxPoints: 4, fields: ['system', 'messages'], ttls: ['5m'], requiresProfile: false, countTokens: false, maxCachedTokens: 20000, tokenizerFactor: 1.05, priceDate: PRICE_DATE } as const;

const claude = (input: number, output: number): PriceRow => ({
  input, output, cacheWrite5m: round(input * 1.25), cacheWrite1h: round(input * 2), cacheRead: round(input * 0.1),
});
// Nova: "no additional charge for cache writes" means a write is billed at the normal input
// price, not that it is free (pricing a write at $0 made a cold cached call look cheaper than none).
const novaPrice = (input: number, output: number, cacheRead: number): PriceRow => ({ input, output, cacheWrite5m: input, cacheRead });

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export const MODEL_CATALOG: readonly ModelRow[] = [
  { ...claudeOld, id: 'anthropic.claude-3-5-haiku-20241022-v1:0', name: 'Claude 3.5 Haiku', minTokens: 2048, requiresProfile: false, prices: claude(0.8, 4) },
  { ...claudeOld, id: 'anthropic.claude-3-7-sonnet-20250219-v1:0', name: 'Claude 3.7 Sonnet', minTokens: 1024, requiresProfile: false, prices: claude(3, 15) },
  { ...claudeOld, id: 'anthropic.claude-sonnet-4-20250514-v1:0', name: 'Claude Sonnet 4', minTokens: 1024, requiresProfile: true, prices: claude(3, 15) },
  { ...claude45, id: 'anthropic.claude-sonnet-4-5-20250929-v1:0', name: 'Claude Sonnet 4.5', minTokens: 1024, minNote: 'one revision of the docs said 4,096', prices: claude(3, 15), regionalPrices: claude(3.3, 16.5) },
  { ...claude45, id: 'anthropic.claude-haiku-4-5-20251001-v1:0', name: 'Claude Haiku 4.5', minTokens: 4096, prices: claude(1, 5), regionalPrices: claude(1.1, 5.5) },
  { ...claudeOld, id: 'anthropic.claude-opus-4-20250514-v1:0', name: 'Claude Opus 4', minTokens: 1024, requiresProfile: true, prices: claude(15, 75) },
  { ...claudeOld, id: 'anthropic.claude-opus-4-1-20250805-v1:0', name: 'Claude Opus 4.1', minTokens: 1024, requiresProfile: true, prices: claude(15, 75) },
  { ...claude45, id: 'anthropic.claude-opus-4-5-20251101-v1:0', name: 'Claude Opus 4.5', minTokens: 4096, prices: claude(5, 25), regionalPrices: claude(5.5, 27.5) },
  // Prices for the 4.6/4.7 rows are not in the reference table: they carry the 4.5 rows' prices.
  { ...claude45, id: 'anthropic.claude-sonnet-4-6', name: 'Claude Sonnet 4.6', minTokens: 1024, prices: claude(3, 15), regionalPrices: claude(3.3, 16.5) },
  { ...claude45, id: 'anthropic.claude-opus-4-6-v1', name: 'Claude Opus 4.6', minTokens: 4096, prices: claude(5, 25), regionalPrices: claude(5.5, 27.5) },
  { ...claude45, id: 'anthropic.claude-opus-4-7', name: 'Claude Opus 4.7', minTokens: 4096, prices: claude(5, 25), regionalPrices: claude(5.5, 27.5), tokenizerFactor: 1.5 },
  { ...nova, id: 'amazon.nova-micro-v1:0', name: 'Nova Micro', minNote: 'samples say 1,536', prices: novaPrice(0.035, 0.14, 0.00875) },
  { ...nova, id: 'amazon.nova-lite-v1:0', name: 'Nova Lite', minNote: 'samples say 1,536', prices: novaPrice(0.06, 0.24, 0.015) },
  { ...nova, id: 'amazon.nova-pro-v1:0', name: 'Nova Pro', prices: novaPrice(0.8, 3.2, 0.2) },
  { ...nova, id: 'amazon.nova-premier-v1:0', name: 'Nova Premier', prices: novaPrice(2.5, 12.5, 0.625) },
  { ...nova, id: 'amazon.nova-2-lite-v1:0', name: 'Nova 2 Lite', minTokens: 1536, minNote: 'unverified', prices: undefined, priceDate: undefined },
];

/** Models known not to support prompt caching (matched by prefix of the base ID). */
export const NO_CACHING_PREFIXES: readonly string[] = [
  'meta.', 'mistral.', 'cohere.', 'ai21.', 'deepseek.', 'writer.', 'qwen.', 'openai.',
  'amazon.titan', 'anthropic.claude-3-sonnet', 'anthropic.claude-3-haiku', 'anthropic.claude-3-opus',
  'anthropic.claude-3-5-sonnet', 'anthropic.claude-v2', 'anthropic.claude-instant',
];

/** Geography prefixes of cross-region inference profiles. */
export const PROFILE_PREFIXES: readonly string[] = ['us-gov', 'us', 'eu', 'apac', 'jp', 'au', 'ca', 'global'];
