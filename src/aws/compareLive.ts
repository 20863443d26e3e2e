/**
 * The measured side of a comparison: each chosen cell run N times in a row (cold, then warm, as
 * fast as the calls return), every record tagged with one experiment ID so the history keeps
 * the comparison together. Prompt routers run the file as written; each run records the model
 * the router invoked and is priced at it.
 */
import { randomUUID } from 'node:crypto';
import { cellText, summarizeRuns, type Measured } from '../core/compareCells';
import type { CompareStrategy } from '../core/compareProjection';
import type { CacheSettings } from '../core/promptConfig';
import type { CacheCheck } from '../shared/cacheCheck';
import type { CacheTtl, UsageRecord } from '../shared/usageRecord';
import type { BedrockClientFactory, ClientSettings } from './clientFactory';
import { runPrompt } from './promptRunner';
import type { AnalyzedPrompt } from '../node/promptPreparation';

export interface LiveCell {
  /** Catalog ID, or a router ARN. */
  model: string;
  /** What the call names (an inference profile for models that need one). */
  requestModel: string;
  strategy: CompareStrategy | 'as written';
  ttl: CacheTtl | null;
  /** The prompt analysed for this model (undefined for a router: the file runs as written). */
  analyzed?: AnalyzedPrompt;
}

export interface MeasuredRunDetail {
  costUSD: number;
  hitRatio: number;
  timeToFirstTokenMs?: number;
  invokedModel?: string;
  cacheCheck?: CacheCheck;
  error?: string;
}

export interface MeasuredCell extends Measured {
  runsDetail: MeasuredRunDetail[];
  /** Models a router sent the calls to (routers only). */
  invokedModels?: string[];
  error?: string;
}

export interface LiveOptions {
  file: string;
  text: string;
  workspaceRoots: string[];
  relativeFile: string;
  clients: BedrockClientFactory;
  client: ClientSettings;
  times: number;
  settings: CacheSettings;
  inputs?: Record<string, unknown>;
  historyStore?: { append(record: UsageRecord): Promise<void> };
  experimentId?: string;
  signal?: AbortSignal;
}

export function newExperimentId(): string {
  return `compare-${randomUUID()}`;
}

export async function measureCell(cell: LiveCell, options: LiveOptions): Promise<MeasuredCell> {
  const sent = cell.analyzed && cell.strategy !== 'as written'
    ? cellText(options.text, cell.analyzed.analysis, cell.strategy, cell.ttl, options.settings)
    : { text: options.text, withoutCachePoints: false };
  const result = await runPrompt({
    file: options.file, text: sent.text, workspaceRoots: options.workspaceRoots, relativeFile: options.relativeFile,
    modelOverride: cell.requestModel, clients: options.clients, client: options.client, times: options.times,
    inputs: options.inputs, withoutCachePoints: sent.withoutCachePoints, onCacheUnsupported: 'fail', signal: options.signal,
    historyStore: options.historyStore,
    experiment: options.experimentId ? { id: options.experimentId, cell: `${cell.model} ${cell.strategy} ${cell.ttl ?? '-'}` } : undefined,
  });
  const records = result.records;
  const measured: MeasuredCell = {
    ...summarizeRuns(records),
    runsDetail: records.map((r) => ({
      costUSD: r.costUSD,
      hitRatio: r.usage.totalInputTokens > 0 ? r.usage.cacheReadInputTokens / r.usage.totalInputTokens : 0,
      timeToFirstTokenMs: r.timeToFirstTokenMs,
      ...(r.invokedModel ? { invokedModel: r.invokedModel } : {}),
      ...(r.cacheCheck ? { cacheCheck: r.cacheCheck } : {}),
      ...(r.error ? { error: r.error } : {}),
    })),
  };
  const invoked = [...new Set(records.map((r) => r.invokedModel).filter((m): m is string => !!m))];
  if (invoked.length) measured.invokedModels = invoked;
  if (result.failure) measured.error = result.failure.message;
  return measured;
}
