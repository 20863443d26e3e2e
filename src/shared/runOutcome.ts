/**
 * Which recorded runs count in efficiency figures. A run Bedrock refused (throttled, access
 * denied, a validation error) leaves a record with an error and no tokens counted: it cost
 * nothing and says nothing about the cache, so it is shown as a failure with a Retry and kept out
 * of every total, average and ratio. A run that broke after Bedrock counted tokens did cost
 * money, so it stays in the totals.
 */
import type { UsageRecord } from './usageRecord';

export function isFailedRun(record: UsageRecord): boolean {
  const u = record.usage;
  return record.error !== undefined && u.totalInputTokens === 0 && u.outputTokens === 0;
}

/** The runs whose figures mean something: all but the failed ones. */
export function countedRuns(records: readonly UsageRecord[]): UsageRecord[] {
  return records.filter((r) => !isFailedRun(r));
}
