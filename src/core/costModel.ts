/**
 * What one Bedrock call costs, from its token counters and a price row. Shared by the planner
 * (savings), the cost preview and the run path (usage records), so every number the product
 * shows comes from the same arithmetic.
 *
 * Bedrock's `inputTokens` counts only uncached input; reads and writes are separate counters and
 * each has its own price (see the reference "Usage arithmetic").
 */
import type { CacheTtl, UsageTokens } from '../shared/usageRecord';
import type { PriceRow } from './modelCatalog';

/** Token counters of one call, writes already split by TTL. */
export interface CallTokens {
  /** Uncached input only. */
  inputTokens: number;
  cacheReadInputTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
}

const PER_MILLION = 1e6;

/**
 * Price of a cache write for a TTL. The 1-hour write price is not published for Bedrock; when a
 * row lacks it we use Anthropic's own rate (2× input) and callers label it an estimate.
 */
export function writePrice(prices: PriceRow, ttl: CacheTtl): number {
  const price = ttl === '5m' ? prices.cacheWrite5m : prices.cacheWrite1h ?? prices.input * 2;
  // Bedrock never bills a cache write below the plain input price (Nova bills it at exactly that):
  // a lower figure, e.g. a price override of 0, would let a cold call that only writes show a saving.
  return Math.max(price, prices.input);
}

/** True when the 1-hour write price shown is an estimate rather than a published price. */
export function isWrite1hEstimate(prices: PriceRow): boolean {
  // The catalog fills cacheWrite1h with 2× input for every Claude row because Bedrock does not
  // publish it, so a value equal to that rate is still an estimate.
  return prices.cacheWrite1h === undefined || Math.abs(prices.cacheWrite1h - prices.input * 2) < 1e-9;
}

export function callCostUSD(prices: PriceRow, tokens: CallTokens): number {
  return (
    tokens.inputTokens * prices.input +
    tokens.cacheReadInputTokens * prices.cacheRead +
    tokens.cacheWrite5mTokens * writePrice(prices, '5m') +
    tokens.cacheWrite1hTokens * writePrice(prices, '1h') +
    tokens.outputTokens * prices.output
  ) / PER_MILLION;
}

/** The same call with every input token (cached or not) charged at the plain input price. */
export function costWithoutCache(prices: PriceRow, tokens: CallTokens): number {
  const input = tokens.inputTokens + tokens.cacheReadInputTokens + tokens.cacheWrite5mTokens + tokens.cacheWrite1hTokens;
  return (input * prices.input + tokens.outputTokens * prices.output) / PER_MILLION;
}

/**
 * Converts Bedrock's counters into CallTokens. When the response carried no `cacheDetails`
 * (streamed responses may lack it), writes the split does not explain are charged at the TTL
 * the request asked for: the caller knows it, Bedrock did not say.
 */
export function callTokensFromUsage(usage: UsageTokens, unsplitWriteTtl: CacheTtl = '5m'): CallTokens {
  const split1h = usage.cacheWrite1hTokens ?? 0;
  const split5m = usage.cacheWrite5mTokens ?? 0;
  const rest = Math.max(0, usage.cacheWriteInputTokens - split1h - split5m);
  return {
    inputTokens: usage.inputTokens,
    cacheReadInputTokens: usage.cacheReadInputTokens,
    cacheWrite5mTokens: split5m + (unsplitWriteTtl === '5m' ? rest : 0),
    cacheWrite1hTokens: split1h + (unsplitWriteTtl === '1h' ? rest : 0),
    outputTokens: usage.outputTokens,
  };
}

/** Per-token prices in USD (not per million), for the planner's savings arithmetic. */
export interface UnitPrices {
  input: number;
  read: number;
  write: number;
}

export function unitPrices(prices: PriceRow, ttl: CacheTtl): UnitPrices {
  return { input: prices.input / PER_MILLION, read: prices.cacheRead / PER_MILLION, write: writePrice(prices, ttl) / PER_MILLION };
}
