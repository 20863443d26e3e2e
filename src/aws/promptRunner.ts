/**
 * Runs a .prompt file against Bedrock for both the CLI and the editor: prepare the request,
 * stream the answer, turn the usage into a UsageRecord and append it to the history. `times: N`
 * runs the same request N times in a row (the first run writes the cache, the next ones read it).
 * When Bedrock refuses the request because of its cache points, the caller decides whether to
 * retry without them. With a response cache, a request identical to a stored one is replayed from
 * it instead of being sent (see src/node/responseCache.ts), and complete fresh answers are stored.
 */
import { randomUUID } from 'node:crypto';
import type { Analysis } from '../core/analysis';
import { countCachePoints, withoutCachePoints } from '../core/converseRequest';
import type { ConverseRequest } from '../core/converseTypes';
import { cachePointOutcomes, runCost, usageTokens, type PointPrefix } from '../core/usageMath';
import type { ModelRow } from '../core/modelCatalog';
import type { CacheUnsupportedPolicy } from '../core/promptConfig';
import { resolveModel } from '../core/modelResolver';
import type { RibbonBlock, UsageRecord } from '../shared/usageRecord';
import type { BedrockFailure } from './bedrockErrors';
import type { BedrockClientFactory, ClientSettings } from './clientFactory';
import { runConverseStream, type StreamResult } from './converseStream';
import { preparePrompt, type PrepareOptions, type PreparedPrompt } from '../node/promptPreparation';
import { redactText } from './redact';
import type { ResponseCache } from '../node/responseCache';
import { replayResponse } from './responseReplay';

/** Failures after which the client's resolved credentials must not be used again. */
const CREDENTIAL_FAILURES = new Set(['credentialsExpired', 'ssoExpired', 'credentialsMissing', 'credentialsInvalid']);


export interface RunPromptOptions extends PrepareOptions {
  clients: BedrockClientFactory;
  /** Region, profile, endpoint, API key…; the file's `bedrock.region` / `bedrock.profile` fill gaps. */
  client?: ClientSettings;
  /** How many times to send the request in a row (default 1). */
  times?: number;
  onCacheUnsupported?: CacheUnsupportedPolicy;
  /** For `ask`: resolve true to retry without cache points. */
  ask?: (failure: BedrockFailure) => Promise<boolean>;
  signal?: AbortSignal;
  onRunStart?: (run: { index: number; id: string; model: string; startedAt: string }) => void;
  onDelta?: (text: string, runIndex: number) => void;
  onFirstToken?: (ms: number, runIndex: number) => void;
  /** Where records go; the CLI passes a HistoryFile, tests an array. */
  historyStore?: { append(record: UsageRecord): Promise<void> };
  /** Workspace-relative path recorded in the history (defaults to the file name). */
  relativeFile?: string;
  /** Exact prefix sizes of the file's cache points (from CountTokens), when known. */
  exactPointPrefixes?: readonly PointPrefix[];
  idleTimeoutMs?: number;
  now?: () => Date;
  /**
   * The response cache (opened and closed by the caller): an identical request is replayed from
   * it with no Bedrock call, and a complete fresh answer is stored in it.
   */
  responseCache?: ResponseCache;
}

export interface RunPromptResult {
  prepared: PreparedPrompt;
  records: UsageRecord[];
  results: StreamResult[];
  /** The request as finally sent (without cache points after a degraded retry). */
  request: ConverseRequest;
  retriedWithoutCachePoints: boolean;
  /** The failure that stopped the runs, if any. */
  failure?: BedrockFailure;
  /** Why a record could not be saved to the history store (the runs themselves went on). */
  historyError?: string;
}

export async function runPrompt(options: RunPromptOptions): Promise<RunPromptResult> {
  const prepared = await preparePrompt(options);
  const { analysis, built } = prepared;
  const settings: ClientSettings = {
    ...options.client,
    region: options.client?.region || analysis.config.region,
    profile: options.client?.profile || analysis.config.profile,
  };
  const handle = options.clients.get(settings);
  const times = Math.max(1, Math.floor(options.times ?? 1));
  const now = options.now ?? (() => new Date());
  let request = built.request;
  let retried = false;
  const records: UsageRecord[] = [];
  const results: StreamResult[] = [];
  let failure: BedrockFailure | undefined;
  let historyError: string | undefined;

  for (let index = 0; index < times; index++) {
    const id = randomUUID();
    const startedAt = now().toISOString();
    options.onRunStart?.({ index, id, model: request.modelId, startedAt });
    let result = await sendOrReplay(request);
    if (result.failure?.kind === 'cacheUnsupported' && !result.text && countCachePoints(request) > 0 && await shouldRetry(result.failure)) {
      request = withoutCachePoints(request);
      retried = true;
      result = await sendOrReplay(request);
    }
    results.push(result);
    const record = toRecord({ id, startedAt, result, prepared, request, region: handle.region, file: options.relativeFile ?? baseName(options.file), retried, exact: options.exactPointPrefixes, catalog: options.catalog });
    records.push(record);
    // Only a whole, fresh answer is kept: a cut-short or failed run is never replayed.
    if (options.responseCache && !result.replayOf && result.complete && !result.failure && result.usage) {
      await options.responseCache.save(options.responseCache.key(request, handle.region), {
        text: result.text, stopReason: result.stopReason, usage: result.usage, invokedModelId: result.invokedModelId,
        costUSD: record.costUSD, storedAt: now().toISOString(), latencyMs: record.latencyMs ?? 0, timeToFirstTokenMs: record.timeToFirstTokenMs,
      });
    }
    // A history that cannot be written (full disk, no permission) must not cost the run's output.
    try {
      await options.historyStore?.append(record);
    } catch (error) {
      historyError ??= redactText((error as Error)?.message ?? String(error));
    }
    if (result.failure) {
      failure = result.failure;
      if (CREDENTIAL_FAILURES.has(failure.kind)) options.clients.forget(handle);
      break;
    }
  }
  return { prepared, records, results, request, retriedWithoutCachePoints: retried, failure, historyError };

  /** The stored answer when the response cache has this exact request, else a Bedrock call. */
  async function sendOrReplay(req: ConverseRequest): Promise<StreamResult> {
    const cache = options.responseCache;
    const entry = cache && await cache.lookup(cache.key(req, handle.region));
    if (!entry) return stream(req);
    const index = records.length;
    return replayResponse(entry, req.modelId, {
      signal: options.signal,
      onDelta: options.onDelta && ((text) => options.onDelta!(text, index)),
      onFirstToken: options.onFirstToken && ((ms) => options.onFirstToken!(ms, index)),
      context: { region: handle.region, profile: handle.profile, auth: handle.auth, endpoint: settings.endpoint },
    });
  }

  function stream(req: ConverseRequest): Promise<StreamResult> {
    const index = records.length;
    return runConverseStream(handle.client, req, {
      signal: options.signal,
      idleTimeoutMs: options.idleTimeoutMs,
      onDelta: options.onDelta && ((text) => options.onDelta!(text, index)),
      onFirstToken: options.onFirstToken && ((ms) => options.onFirstToken!(ms, index)),
      sites: built.sites,
      context: { region: handle.region, profile: handle.profile, auth: handle.auth, endpoint: settings.endpoint },
    });
  }

  async function shouldRetry(f: BedrockFailure): Promise<boolean> {
    const policy = options.onCacheUnsupported ?? 'ask';
    if (policy === 'retryWithout') return true;
    if (policy === 'fail' || !options.ask) return false;
    return options.ask(f);
  }
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The file's cache points as prefixes: exact sizes when counted, else the analysis estimates. */
export function pointPrefixes(analysis: Analysis, exact?: readonly PointPrefix[]): PointPrefix[] {
  if (exact && exact.length > 0) return [...exact];
  return analysis.cachePoints.map((p) => ({ line: p.range.start.line, prefixTokens: p.prefixTokens, ttl: p.ttl }));
}

export function ribbonBlocks(analysis: Analysis): RibbonBlock[] {
  const closed = new Set(analysis.cachePoints.map((p) => p.afterBlock));
  return analysis.blocks.map((block) => ({
    label: block.kind === 'tools' ? 'Tools' : block.kind === 'history' ? 'History' : block.field === 'system' ? 'System'
      : `${block.role === 'model' ? 'Model' : 'User'} message ${(block.messageIndex ?? 0) + 1}${block.kind === 'media' ? ' (media)' : ''}`,
    field: block.field,
    startLine: block.range.start.line,
    endLine: block.range.end.line,
    tokens: block.tokens,
    cachePointAfter: closed.has(block.index) || undefined,
  }));
}

interface RecordInput {
  id: string;
  startedAt: string;
  result: StreamResult;
  prepared: PreparedPrompt;
  request: ConverseRequest;
  region: string;
  file: string;
  retried: boolean;
  exact?: readonly PointPrefix[];
  catalog?: readonly ModelRow[];
}

function toRecord({ id, startedAt, result, prepared, request, region, file, retried, exact, catalog }: RecordInput): UsageRecord {
  const usage = usageTokens(result.usage);
  if (result.replayOf) return replayRecord({ id, startedAt, result, prepared, request, region, file, retried });
  const points = countCachePoints(request) > 0 ? pointPrefixes(prepared.analysis, exact) : [];
  const cachePoints = cachePointOutcomes(points, usage);
  // A prompt router is billed at the price of the model it invoked.
  const invoked = result.invokedModelId ? resolveModel(result.invokedModelId.replace(/^arn:[^/]+\//, ''), catalog) : undefined;
  const priced = invoked?.prices ? invoked : prepared.model;
  const cost = runCost(priced.prices, usage, cachePoints);
  const record: UsageRecord = {
    id, file, startedAt, model: request.modelId, region, usage,
    costUSD: cost.costUSD, costWithoutCacheUSD: cost.costWithoutCacheUSD,
    priceDate: priced.row?.priceDate ?? '',
    latencyMs: Math.round(result.latencyMs),
    timeToFirstTokenMs: result.timeToFirstTokenMs === undefined ? undefined : Math.round(result.timeToFirstTokenMs),
    stopReason: result.stopReason,
    complete: result.complete,
    cachePoints,
    blocks: ribbonBlocks(prepared.analysis),
    text: result.text,
  };
  if (result.failure) record.error = result.failure.message;
  if (retried) record.cachePointsDropped = true;
  if (result.invokedModelId) record.invokedModel = result.invokedModelId;
  return record;
}

/**
 * A replayed run: the usage is the original call's, shown for reference, but nothing was sent, so
 * it costs $0, touched none of Bedrock's prompt cache (no cache point outcomes) and is left out of
 * prompt-cache statistics; what the original call cost and took is what the replay saved.
 */
function replayRecord({ id, startedAt, result, prepared, request, region, file, retried }: Omit<RecordInput, 'exact' | 'catalog'>): UsageRecord {
  const entry = result.replayOf!;
  const record: UsageRecord = {
    id, file, startedAt, model: request.modelId, region, usage: usageTokens(result.usage),
    costUSD: 0, costWithoutCacheUSD: 0, priceDate: '',
    latencyMs: Math.round(result.latencyMs),
    timeToFirstTokenMs: result.timeToFirstTokenMs === undefined ? undefined : Math.round(result.timeToFirstTokenMs),
    stopReason: result.stopReason,
    complete: result.complete,
    cachePoints: [],
    blocks: ribbonBlocks(prepared.analysis),
    text: result.text,
    replayed: true,
    replay: { storedAt: entry.storedAt, savedUSD: entry.costUSD, savedMs: Math.round(entry.latencyMs) },
  };
  if (result.failure) record.error = result.failure.message;
  if (retried) record.cachePointsDropped = true;
  if (result.invokedModelId) record.invokedModel = result.invokedModelId;
  return record;
}
