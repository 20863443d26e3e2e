// A minimal finished run record for history tests: only the file and id vary.
import type { UsageRecord } from '../../../src/shared/usageRecord';

/** A complete one-token run of `file`, identified by `id`. */
export function record(file: string, id: string): UsageRecord {
  return {
    id, file, startedAt: '2026-01-01T00:00:00.000Z', model: 'm', region: 'us-east-1',
    usage: { inputTokens: 1, outputTokens: 2, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, totalInputTokens: 1 },
    costUSD: 0, costWithoutCacheUSD: 0, priceDate: '2026-09', complete: true, cachePoints: [], blocks: [], text: 'x',
  };
}
