/** The one wording of a cache check, shared by the CLI, hovers, lenses and the usage card. */
import type { CacheCheck, CacheReason } from '../shared/cacheCheck';
import { formatTokens } from '../shared/numberFormat';

const VERDICT: Record<CacheCheck['verdict'], string> = {
  first: 'first run: nothing to compare with yet',
  hit: 'cache hit',
  partial: 'partial hit',
  miss: 'cache miss',
  uncached: 'no cache point in the request',
};

export function reasonText(reason: CacheReason): string {
  return `${reason.line !== undefined ? `line ${reason.line}: ` : ''}${reason.detail}`;
}

/** `cache miss (expected ≈ 1,520 read, got 0) — line 14: `{{today}}` was …`. */
export function cacheCheckLine(check: CacheCheck): string {
  const numbers = check.verdict === 'first' || check.verdict === 'uncached'
    ? (check.readTokens > 0 ? ` (read ${formatTokens(check.readTokens)})` : '')
    : ` (expected ≈ ${formatTokens(check.expectedReadTokens)} read, Bedrock read ${formatTokens(check.readTokens)})`;
  const reasons = check.reasons.map((r) => `[${r.code}] ${reasonText(r)}`).join('; ');
  return `${VERDICT[check.verdict]}${numbers}${reasons ? ` — ${reasons}` : ''}`;
}
