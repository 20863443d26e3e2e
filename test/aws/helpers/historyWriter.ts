// Child process for the crash test: appends large records to a history file as fast as it can and
// prints one line per completed append, until it is killed.
import { HistoryFile } from '../../../src/node/historyFile';
import type { UsageRecord } from '../../../src/shared/usageRecord';

const [path] = process.argv.slice(2);
const store = new HistoryFile(path, { limit: 50 });
const text = 'x'.repeat(200_000);

async function main(): Promise<void> {
  for (let i = 0; ; i++) {
    const record: UsageRecord = {
      id: `run-${i}`, file: 'crash.prompt', startedAt: new Date().toISOString(), model: 'm', region: 'us-east-1',
      usage: { inputTokens: i, outputTokens: 1, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, totalInputTokens: i },
      costUSD: 0, costWithoutCacheUSD: 0, priceDate: '2026-09', complete: true, cachePoints: [], blocks: [], text,
    };
    await store.append(record);
    process.stdout.write(`appended ${i}\n`);
  }
}
void main();
