/**
 * `run FILE [--endpoint URL] [--region R] [--profile P] [--input k=v]... [--times N] [--json]`:
 * sends the prompt to Bedrock (N times in a row: cold, then warm) and prints the answers and
 * their usage, side by side without --json.
 */
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { BedrockClientFactory } from '../aws/clientFactory';
import { PromptInputError } from '../node/promptPreparation';
import { runPrompt } from '../aws/promptRunner';
import { ConverseRequestError } from '../core/converseRequest';
import { HistoryFile } from '../node/historyFile';
import { formatDuration, formatTokens, formatUsd } from '../shared/numberFormat';
import type { CacheCheck } from '../shared/cacheCheck';
import { payoffSentence, type CachePayoff } from '../shared/cachePayoff';
import type { UsageRecord } from '../shared/usageRecord';
import { cacheCheckLine } from '../shared/cacheCheckText';
import { clientSettings, CONNECTION_OPTIONS, parseInputs, promptPath } from './runOptions';
import { openCliResponseCache, RESPONSE_CACHE_OPTIONS } from './responseCacheOptions';
import { UsageError } from './usageError';
import { RUN_USAGE } from './usages';


export interface RunJson {
  runs: {
    text: string;
    stopReason?: string;
    complete: boolean;
    error?: string;
    usage: { inputTokens: number; outputTokens: number; cacheReadInputTokens: number; cacheWriteInputTokens: number; totalInputTokens: number };
    costUSD: number;
    costWithoutCacheUSD: number;
    latencyMs?: number;
    timeToFirstTokenMs?: number;
    cachePoints: UsageRecord['cachePoints'];
    /** For a prompt router: the model it invoked. */
    invokedModel?: string;
    /** What Bedrock read against what the earlier runs (this call's and `--history`'s) predicted, and why not. */
    cacheCheck?: CacheCheck;
    /** True when the answer came from the response cache (no Bedrock call, $0). */
    replayed: boolean;
    /** For a replay: when the answer was stored, and what the original call cost and took. */
    replay?: UsageRecord['replay'];
    /** When the run wrote the cache: the write premium and what each later read saves. */
    payoff?: CachePayoff;
  }[];
  model: string;
  region: string;
  priceDate: string;
  retriedWithoutCachePoints: boolean;
}

export async function runCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { ...CONNECTION_OPTIONS, ...RESPONSE_CACHE_OPTIONS, times: { type: 'string' }, 'retry-without-cache': { type: 'boolean' }, history: { type: 'string' } },
  });
  const file = promptPath(positionals[0], RUN_USAGE, values.workspace);
  const times = values.times === undefined ? 1 : Number(values.times);
  if (!Number.isInteger(times) || times < 1 || times > 100) throw new UsageError('--times must be a whole number from 1 to 100.');
  const history = values.history ? new HistoryFile(values.history, { warn: (m) => process.stderr.write(`warning: ${m}\n`) }) : undefined;
  // --times N compares Bedrock's prompt cache cold and warm: replays would hide it, so it reads no
  // response cache entry (its fresh answers are still stored).
  const responseCache = await openCliResponseCache(values, file.roots[0] ?? dirname(file.path), { bypass: times > 1 });
  const clients = new BedrockClientFactory();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await runPrompt({
      file: file.path, workspaceRoots: file.roots, relativeFile: file.relative, inputs: parseInputs(values.input),
      modelOverride: values.model, configFile: values.config, clients, client: clientSettings(values), times, signal: controller.signal,
      onCacheUnsupported: values['retry-without-cache'] ? 'retryWithout' : 'fail',
      historyStore: history, earlierRuns: history && (() => history.recordsFor(file.relative)),
      responseCache,
    });
    const json: RunJson = {
      runs: result.records.map((r) => ({
        text: r.text, stopReason: r.stopReason, complete: r.complete, error: r.error,
        usage: {
          inputTokens: r.usage.inputTokens, outputTokens: r.usage.outputTokens, cacheReadInputTokens: r.usage.cacheReadInputTokens,
          cacheWriteInputTokens: r.usage.cacheWriteInputTokens, totalInputTokens: r.usage.totalInputTokens,
        },
        costUSD: r.costUSD, costWithoutCacheUSD: r.costWithoutCacheUSD, latencyMs: r.latencyMs, timeToFirstTokenMs: r.timeToFirstTokenMs,
        cachePoints: r.cachePoints,
        ...(r.invokedModel ? { invokedModel: r.invokedModel } : {}),
        replayed: r.replayed === true,
        ...(r.replay ? { replay: r.replay } : {}),
        ...(r.cacheCheck ? { cacheCheck: r.cacheCheck } : {}),
        ...(r.payoff ? { payoff: r.payoff } : {}),
      })),
      model: result.request.modelId,
      region: result.records[0]?.region ?? '',
      priceDate: result.records[0]?.priceDate ?? '',
      retriedWithoutCachePoints: result.retriedWithoutCachePoints,
    };
    if (values.json) out(JSON.stringify(json, null, 2));
    else out(formatRuns(json));
    if (result.failure) {
      process.stderr.write(`prompt-cache run: ${result.failure.message}\n`);
      if (result.failure.kind === 'cacheUnsupported') process.stderr.write('  (run again with --retry-without-cache to send it without cache points)\n');
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof PromptInputError || error instanceof ConverseRequestError) throw new UsageError(`${file.relative}: ${error.message}`);
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    clients.dispose();
    await responseCache?.close();
  }
}

function savedSoFar(runs: RunJson['runs']): number[] {
  let sum = 0;
  return runs.map((r) => (sum += r.costWithoutCacheUSD - r.costUSD));
}

/** Runs side by side: run 1 is the cold one (it writes the cache), the next ones are warm. */
export function formatRuns(json: RunJson): string {
  const lines: string[] = [];
  const invoked = json.runs.find((r) => r.invokedModel)?.invokedModel;
  lines.push(`model ${json.model}${invoked ? ` → ${invoked}` : ''}  region ${json.region}  prices of ${json.priceDate || 'unknown date'}${json.retriedWithoutCachePoints ? '  (sent without cache points)' : ''}`);
  const header = ['', ...json.runs.map((r, i) => (r.replayed ? `run ${i + 1} (replayed)` : i === 0 ? 'run 1 (cold)' : `run ${i + 1} (warm)`))];
  const rows: string[][] = [
    ['uncached input', ...json.runs.map((r) => formatTokens(r.usage.inputTokens))],
    ['cache read', ...json.runs.map((r) => formatTokens(r.usage.cacheReadInputTokens))],
    ['cache write', ...json.runs.map((r) => formatTokens(r.usage.cacheWriteInputTokens))],
    ['total input', ...json.runs.map((r) => formatTokens(r.usage.totalInputTokens))],
    ['output', ...json.runs.map((r) => formatTokens(r.usage.outputTokens))],
    ['cost USD', ...json.runs.map((r) => formatUsd(r.costUSD))],
    ['without cache', ...json.runs.map((r) => formatUsd(r.costWithoutCacheUSD))],
    ['saved so far', ...savedSoFar(json.runs).map((usd) => formatUsd(usd))],
    ['first token', ...json.runs.map((r) => formatDuration(r.timeToFirstTokenMs))],
    ['total time', ...json.runs.map((r) => formatDuration(r.latencyMs))],
    ['stop', ...json.runs.map((r) => (r.complete ? r.stopReason ?? '' : 'incomplete'))],
  ];
  const widths = header.map((_, c) => Math.max(header[c].length, ...rows.map((row) => row[c].length)));
  const format = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  lines.push(format(header), ...rows.map(format));
  json.runs.forEach((r, i) => {
    if (r.replayed) lines.push(`run ${i + 1}: replayed from the response cache — no Bedrock call, $0${r.replay ? ` (saved ${formatUsd(r.replay.savedUSD)} and ${formatDuration(r.replay.savedMs)}; stored ${r.replay.storedAt})` : ''}`);
    for (const p of r.cachePoints) lines.push(`run ${i + 1}: cache point line ${p.line + 1} (${p.ttl}) ${p.status}, prefix ≈ ${formatTokens(p.prefixTokens)}`);
  });
  json.runs.forEach((r, i) => {
    if (r.cacheCheck) lines.push(`run ${i + 1}: ${cacheCheckLine(r.cacheCheck)}`);
  });
  // A red first run is the write premium, not a mistake: say when it is paid back.
  const writer = json.runs.find((r) => r.payoff);
  if (writer?.payoff) lines.push(`payoff: ${payoffSentence(writer.payoff)}`);
  if (json.runs.some((r) => r.cachePoints.some((p) => p.ttl === '1h' && p.status === 'written'))) {
    lines.push('note: 1-hour cache writes are priced at an estimate (2× input): Bedrock does not publish that price.');
  }
  json.runs.forEach((r, i) => lines.push('', `--- run ${i + 1} answer${r.complete ? '' : ' (incomplete)'} ---`, r.text));
  return lines.join('\n');
}
