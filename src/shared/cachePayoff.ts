/**
 * The economics of a cache write, stated so a red "Saving −90%" on a cold run reads as what it
 * is: the premium paid once for the write, paid back by the calls that read the prefix within
 * its TTL. Plain data computed with the run's own prices (src/core/usageMath `cachePayoff`) and
 * worded here, because the panel (webview) may import only src/shared.
 */
import { formatUsd } from './numberFormat';
import type { CacheTtl } from './usageRecord';

export interface CachePayoff {
  /** Tokens this run wrote to the cache. */
  writtenTokens: number;
  /** The longest TTL written: the window in which later calls must come. */
  ttl: CacheTtl;
  /** What the write cost above sending the same tokens uncached (0 for models that bill writes at the input price). */
  writePremiumUSD: number;
  /** What each later call that reads those tokens saves against sending them uncached. */
  readSavingUSD: number;
}

/**
 * The call (the writing call being call 1) from which the prompt has cost less than it would
 * have uncached; undefined when reads save nothing, so it never pays off.
 */
export function payoffCall(p: CachePayoff): number | undefined {
  if (p.readSavingUSD <= 0) return undefined;
  if (p.writePremiumUSD <= 0) return 2;
  // Later calls k with k × saving ≥ premium; a tiny tolerance keeps exact ties from rounding up.
  return 1 + Math.max(1, Math.ceil(p.writePremiumUSD / p.readSavingUSD - 1e-9));
}

const TTL_WORDS: Record<CacheTtl, string> = { '5m': '5 minutes', '1h': 'hour' };

/** One or two sentences: the premium, the per-call saving and the call from which it pays off. */
export function payoffSentence(p: CachePayoff): string {
  const call = payoffCall(p);
  const window = p.ttl === '5m' ? `within ${TTL_WORDS['5m']} of each other` : 'within the hour';
  const premium = p.writePremiumUSD > 0
    ? `Writing the cache cost ${formatUsd(p.writePremiumUSD)} more than sending the prefix uncached, once.`
    : 'Writing the cache cost no more than sending the prefix uncached.';
  if (call === undefined) return `${premium} Reads of this prefix save nothing at this model's prices, so it never pays off.`;
  return `${premium} Each later call that reads it saves ${formatUsd(p.readSavingUSD)}: the prompt pays off from call ${call} ${window}.`;
}
