/**
 * Runs a .prompt file against Bedrock for both the CLI and the editor: prepare the request,
 * stream the answer, turn the usage into a UsageRecord and append it to the history. `times: N`
 * runs the same request N times in a row (the first run writes the cache, the next ones read it).
 * When Bedrock refuses the request because of its cache points, the caller decides whether to
 * retry without them.
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
import { requestFingerprint } from '../core/requestFingerprint';
import { blockName } from '../shared/blockNames';
import type { RibbonBlock, UsageRecord } from '../shared/usageRecord';
import type { BedrockFailure } from './bedrockErrors';
import type { BedrockClientFactory, ClientSettings } from './clientFactory';
import { runConverseStream, type StreamResult } from './converseStream';
import { preparePrompt, type PrepareOptions, type PreparedPrompt } from '../node/promptPreparation';
import { redactText } from './redact';

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
  /** Earlier runs of this file (the history in use): each run's cache check is judged against them. */
  earlierRuns?: () => Promise<readonly UsageRecord[]>;
  /** Workspace-relative path recorded in the history (defaults to the file name). */
  relativeFile?: string;
  idleTimeoutMs?: number;
  now?: () => Date;
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

  const earlier = await loadEarlier(options.earlierRuns);
  for (let index = 0; index < times; index++) {
    const id = randomUUID();
    const startedAt = now().toISOString();
    options.onRunStart?.({ index, id, model: request.modelId, startedAt });
    let result = await stream(request);
    if (result.failure?.kind === 'cacheUnsupported' && !result.text && countCachePoints(request) > 0 && await shouldRetry(result.failure)) {
      request = withoutCachePoints(request);
      retried = true;
      result = await stream(request);
    }
    results.push(result);
    const record = toRecord({ id, startedAt, result, prepared, request, region: handle.region, file: options.relativeFile ?? baseName(options.file), retried, catalog: options.catalog });
    record.fingerprint = requestFingerprint(request, {
      region: handle.region, account: handle.profile ? `profile ${handle.profile}` : handle.auth, sites: built.sites, analysis: prepared.analysis, inputs: prepared.inputs,
    });
    if (record.usage.totalInputTokens > 0) record.cacheCheck = diagnoseRun(observed(record), [...earlier, ...records].filter(reachedBedrock).map(observed), { minTokens: prepared.model.row?.minTokens });
    records.push(record);
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

/** Runs that reached Bedrock and were fingerprinted: the ones a cache check can learn from. */
function reachedBedrock(record: UsageRecord): boolean {
  return record.fingerprint !== undefined && record.usage.totalInputTokens > 0;
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
