/**
 * Usage records for panel tests. A support-bot prompt: tools (1,200 tokens), a system block
 * (2,400) closed by a 5-minute cache point, and a user message (300). Prices as for a Claude
 * Sonnet model: input $3, cache write $3.75, cache read $0.30, output $15 per million tokens,
 * so the costs below are what the core would have recorded.
 */
import type { RibbonBlock, UsageRecord } from '../../src/shared/usageRecord';

export const FILE = 'prompts/support.prompt';
export const SONNET = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
export const NOVA = 'us.amazon.nova-pro-v1:0';

/** Minute 0 of the tests' clock: 2025-06-01 12:00:00 UTC. */
export const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);

export const BLOCKS: RibbonBlock[] = [
  // Deliberately out of order: the ribbon must draw tools → system → messages.
  { label: 'user message', field: 'message', startLine: 61, endLine: 69, tokens: 300 },
  { label: 'tools', field: 'tools', startLine: 1, endLine: 19, tokens: 1200 },
  { label: 'system', field: 'system', startLine: 21, endLine: 59, tokens: 2400, cachePointAfter: true },
];

function record(over: Partial<UsageRecord> & Pick<UsageRecord, 'id' | 'startedAt' | 'usage' | 'costUSD' | 'costWithoutCacheUSD'>): UsageRecord {
  return {
    file: FILE, model: SONNET, region: 'us-east-1', priceDate: '2025-05-22', complete: true, stopReason: 'end_turn',
    cachePoints: [], blocks: BLOCKS, text: 'Hello! How can I help?', latencyMs: 2400, timeToFirstTokenMs: 900, ...over,
  };
}

/** First run: writes the 3,600-token prefix. 300×3 + 3,600×3.75 + 250×15 = $0.01815 (µ$ per token). */
export const coldRun = record({
  id: 'run-cold',
  startedAt: new Date(T0 - 60_000).toISOString(),
  usage: { inputTokens: 300, cacheReadInputTokens: 0, cacheWriteInputTokens: 3600, cacheWrite5mTokens: 3600, cacheWrite1hTokens: 0, outputTokens: 250, totalInputTokens: 3900 },
  costUSD: 0.01815,
  costWithoutCacheUSD: 0.01545,
  latencyMs: 3200,
  timeToFirstTokenMs: 1500,
  cachePoints: [{ line: 60, prefixTokens: 3600, ttl: '5m', status: 'written' }],
});

/** Second run, 40 s later: reads the prefix. 300×3 + 3,600×0.30 + 250×15 = $0.00573. */
export const warmRun = record({
  id: 'run-warm',
  startedAt: new Date(T0 - 20_000).toISOString(),
  usage: { inputTokens: 300, cacheReadInputTokens: 3600, cacheWriteInputTokens: 0, outputTokens: 250, totalInputTokens: 3900 },
  costUSD: 0.00573,
  costWithoutCacheUSD: 0.01545,
  latencyMs: 1600,
  timeToFirstTokenMs: 400,
  cachePoints: [{ line: 60, prefixTokens: 3600, ttl: '5m', status: 'read' }],
});

/** An older run on another model, below its cache minimum, cut short. Nova Pro: $0.8 in, $3.2 out. */
export const novaRun = record({
  id: 'run-nova',
  model: NOVA,
  startedAt: new Date(T0 - 3_600_000).toISOString(),
  usage: { inputTokens: 3900, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 100, totalInputTokens: 3900 },
  costUSD: 0.00344,
  costWithoutCacheUSD: 0.00344,
  latencyMs: 1200,
  complete: false,
  stopReason: undefined,
  error: 'The stream broke after 100 output tokens.',
  cachePoints: [{ line: 60, prefixTokens: 3600, ttl: '5m', status: 'not-cached' }],
});

/** A run Bedrock refused (throttled): an error and nothing counted, so no cost and no figures. */
export const throttledRun = record({
  id: 'run-throttled',
  startedAt: new Date(T0 - 10_000).toISOString(),
  usage: { inputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 0, totalInputTokens: 0 },
  costUSD: 0,
  costWithoutCacheUSD: 0,
  latencyMs: 310,
  timeToFirstTokenMs: undefined,
  complete: false,
  stopReason: undefined,
  error: 'Bedrock is throttling requests (ThrottlingException): too many requests, wait and retry.',
  cachePoints: [{ line: 60, prefixTokens: 3600, ttl: '5m', status: 'not-cached' }],
  text: '',
});

export function initialState(records: UsageRecord[], now = T0) {
  return { file: FILE, records, now };
}
