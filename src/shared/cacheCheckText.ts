/** The one wording of a cache check, shared by the CLI, hovers, lenses and the usage card. */
import type { CacheCheck, CacheReason } from './cacheCheck';
import { formatTokens } from './numberFormat';

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

/** The card's one-line headline: `Missed the cache — line 14: `{{today}}` was …`. */
export function cacheCheckHeadline(check: CacheCheck): string {
  const first = check.reasons[0];
  switch (check.verdict) {
    case 'hit': return `Cache hit: read ${formatTokens(check.readTokens)} tokens${check.expectedReadTokens > 0 ? ', as the earlier runs predicted' : ''}.`;
    case 'partial': return `Partial hit: read ${formatTokens(check.readTokens)} tokens, the rest written again${first ? ` — ${reasonText(first)}` : '.'}`;
    case 'miss': return `Missed the cache${first ? ` — ${reasonText(first)}` : '.'}`;
    case 'first': return 'First run of this prompt here: it writes the cache; the next run is checked against it.';
    case 'uncached': return first ? `No cache point, yet Bedrock read ${formatTokens(check.readTokens)} tokens: ${first.detail}` : 'No cache point in the request.';
  }
}

/**
 * What the last run did at the cache point on this 0-based line: `last run: read ✓`, or why it was
 * not read. Undefined when the run carried no point there.
 */
export function lastRunPointText(record: { cacheCheck?: CacheCheck; cachePoints: readonly { line: number; status: string }[] }, line: number): string | undefined {
  const point = record.cachePoints.find((p) => p.line === line);
  if (!point) return undefined;
  if (point.status === 'read') return 'last run: read from the cache ✓';
  const check = record.cacheCheck;
  const why = check && (check.verdict === 'miss' || check.verdict === 'partial') && check.reasons[0] ? ` — ${reasonText(check.reasons[0])}` : '';
  if (point.status === 'written') return `last run: written${check?.verdict === 'first' ? ' (first run)' : why ? `, not read${why}` : ''}`;
  return `last run: not cached${why}`;
}
