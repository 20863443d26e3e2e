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
import { cachePayoff, cachePointOutcomes, runCost, usageTokens, type PointPrefix } from '../core/usageMath';
import type { ModelRow } from '../core/modelCatalog';
import type { CacheUnsupportedPolicy } from '../core/promptConfig';
import { resolveModel } from '../core/modelResolver';
import { diagnoseRun, type ObservedRun } from '../core/cacheDiagnosis';
import { requestFingerprint, requestSnapshotText } from '../core/requestFingerprint';
import { blockName } from '../shared/blockNames';
import type { ExperimentTag, RibbonBlock, UsageRecord } from '../shared/usageRecord';
import type { RequestFingerprint } from '../shared/cacheCheck';
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
  /** Keeps each run's request (redacted, media as hashes) so two runs can be diffed. */
  requestSnapshots?: { save(runId: string, json: string): Promise<void> };
  /** Earlier runs of this file (the history in use): each run's cache check is judged against them. */
  earlierRuns?: () => Promise<readonly UsageRecord[]>;
  /** Workspace-relative path recorded in the history (defaults to the file name). */
  relativeFile?: string;
  idleTimeoutMs?: number;
  now?: () => Date;
  /**
   * The response cache (opened and closed by the caller): an identical request is replayed from
   * it with no Bedrock call, and a complete fresh answer is stored in it.
   */
  responseCache?: ResponseCache;
  /** Send the request without any cache point (the `none` cell of a comparison). */
  withoutCachePoints?: boolean;
  /** Tags every record as one cell of a comparison. */
  experiment?: ExperimentTag;
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
  let request = options.withoutCachePoints ? withoutCachePoints(built.request) : built.request;
  let retried = false;
  const records: UsageRecord[] = [];
  const results: StreamResult[] = [];
  let failure: BedrockFailure | undefined;
  let historyError: string | undefined;

  const earlier = await loadEarlier(options.earlierRuns);
  // One fingerprint per request sent, whether once or `times` times.
  const fingerprints = new WeakMap<ConverseRequest, RequestFingerprint>();
  const fingerprintOf = (req: ConverseRequest): RequestFingerprint => {
    let fingerprint = fingerprints.get(req);
    if (!fingerprint) {
      fingerprint = requestFingerprint(req, {
        region: handle.region, account: handle.profile ? `profile ${handle.profile}` : handle.auth, sites: built.sites, analysis: prepared.analysis, inputs: prepared.inputs,
      });
      fingerprints.set(req, fingerprint);
    }
    return fingerprint;
  };
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
    const record = toRecord({ id, startedAt, result, prepared, request, region: handle.region, file: options.relativeFile ?? baseName(options.file), retried, catalog: options.catalog });
    if (options.experiment) record.experiment = { ...options.experiment };
    // A replay never reached Bedrock: it says nothing about Bedrock's prompt cache.
    if (!record.replayed) record.fingerprint = fingerprintOf(request);
    if (!record.replayed && record.usage.totalInputTokens > 0) record.cacheCheck = diagnoseRun(observed(record), [...earlier, ...records].filter(reachedBedrock).map(observed), { minTokens: prepared.model.row?.minTokens });
    records.push(record);
    // Only a whole, fresh answer is kept: a cut-short or failed run is never replayed.
    if (options.responseCache && !result.replayOf && result.complete && !result.failure && result.usage) {
      await options.responseCache.save(options.responseCache.key(request, handle.region, settings.endpoint), {
        text: result.text, stopReason: result.stopReason, usage: result.usage, invokedModelId: result.invokedModelId,
        costUSD: record.costUSD, storedAt: now().toISOString(), latencyMs: record.latencyMs ?? 0, timeToFirstTokenMs: record.timeToFirstTokenMs,
      });
    }
    // A snapshot that cannot be kept costs the diff view, never the run.
    await options.requestSnapshots?.save(record.id, redactText(requestSnapshotText(request))).catch(() => undefined);
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
    const entry = cache && await cache.lookup(cache.key(req, handle.region, settings.endpoint));
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
      whileStreaming: () => { fingerprintOf(req); },
    });
  }

  async function shouldRetry(f: BedrockFailure): Promise<boolean> {
    const policy = options.onCacheUnsupported ?? 'ask';
    if (policy === 'retryWithout') return true;
    if (policy === 'fail' || !options.ask) return false;
    return options.ask(f);
  }
}

/** Runs that reached Bedrock and were fingerprinted: the ones a cache check can learn from. */
function reachedBedrock(record: UsageRecord): boolean {
  return record.fingerprint !== undefined && !record.replayed && record.usage.totalInputTokens > 0;
}

function observed(record: UsageRecord): ObservedRun {
  return { fingerprint: record.fingerprint!, startedAt: record.startedAt, usage: record.usage, cachePoints: record.cachePoints };
}

/** A history that cannot be read leaves the check with nothing to compare (`first`), never a failed run. */
async function loadEarlier(read?: () => Promise<readonly UsageRecord[]>): Promise<UsageRecord[]> {
  try {
    return read ? [...await read()] : [];
  } catch {
    return [];
  }
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The file's cache points as prefixes, with the analysis estimates of their sizes. */
export function pointPrefixes(analysis: Analysis): PointPrefix[] {
  return analysis.cachePoints.map((p) => ({ line: p.range.start.line, prefixTokens: p.prefixTokens, ttl: p.ttl }));
}

export function ribbonBlocks(analysis: Analysis): RibbonBlock[] {
  const closed = new Set(analysis.cachePoints.map((p) => p.afterBlock));
  return analysis.blocks.map((block) => ({
    label: blockName(block),
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
  catalog?: readonly ModelRow[];
}

function toRecord({ id, startedAt, result, prepared, request, region, file, retried, catalog }: RecordInput): UsageRecord {
  const usage = usageTokens(result.usage);
  if (result.replayOf) return replayRecord({ id, startedAt, result, prepared, request, region, file, retried });
  const points = countCachePoints(request) > 0 ? pointPrefixes(prepared.analysis) : [];
  const cachePoints = cachePointOutcomes(points, usage);
  // A prompt router is billed at the price of the model it invoked.
  const invoked = result.invokedModelId ? resolveModel(result.invokedModelId.replace(/^arn:[^/]+\//, ''), catalog) : undefined;
  const priced = invoked?.prices ? invoked : prepared.model;
  const cost = runCost(priced.prices, usage, cachePoints);
  const record: UsageRecord = {
    id, file, startedAt, model: request.modelId, region, usage,
    costUSD: cost.costUSD, costWithoutCacheUSD: cost.costWithoutCacheUSD,
    payoff: cachePayoff(priced.prices, usage, cachePoints),
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
