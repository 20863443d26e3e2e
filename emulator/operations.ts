// The three Bedrock runtime operations the emulator speaks: Converse, ConverseStream, CountTokens.
import { checkAuth } from './auth';
import { applyCache, checkCachePoints, type CacheUsage } from './cachePolicy';
import type { CacheStore } from './cacheStore';
import type { EmulatorClock } from './clock';
import { EmulatorError, notFound, validation } from './errors';
import { eventFrame, exceptionFrame } from './eventStream';
import type { Exchange, RecordedRequest } from './exchange';
import type { AttemptFaults, FaultController, Operation } from './faults';
import { type EmulatedModel, resolveModel, supportsCaching } from './models';
import type { ModelRules } from './modelRules';
import { layoutPrompt } from './promptLayout';
import { makeReply } from './reply';

export interface EmulatorState {
  readonly clock: EmulatorClock;
  readonly faults: FaultController;
  readonly cache: CacheStore;
  readonly rules: ModelRules;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

let requestCounter = 0;
function requestId(): string {
  requestCounter++;
  return `00000000-0000-4000-8000-${requestCounter.toString(16).padStart(12, '0')}`;
}

/** Headers every Bedrock response carries; `date` is what the SDK corrects its clock skew from. */
function baseHeaders(state: EmulatorState): Record<string, string> {
  return { 'x-amzn-requestid': requestId(), date: new Date(state.clock.wallClock()).toUTCString() };
}

export function sendError(state: EmulatorState, ex: Exchange, record: RecordedRequest, error: EmulatorError): void {
  record.status = error.status;
  record.errorType = error.errorType;
  record.errorMessage = error.message;
  record.outcome = 'error';
  ex.sendJson(error.status, { message: error.message }, { ...baseHeaders(state), 'x-amzn-errortype': error.errorType });
}

function resolveForInference(rawId: string): { model: EmulatedModel; routedTo?: string } {
  const resolved = resolveModel(rawId);
  if (resolved.ok) return { model: resolved.model, routedTo: resolved.routedTo };
  if (resolved.reason === 'profileRequired') {
    throw validation(`Invocation of model ID ${rawId} with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.`);
  }
  throw notFound('Could not resolve the foundation model from the provided model identifier.');
}

function usageOf(model: EmulatedModel, cache: CacheUsage, outputTokens: number, withDetails: boolean): Json {
  // totalTokens leaves cache tokens out: clients must not rely on it to include them (see README).
  const usage: Json = { inputTokens: cache.inputTokens, outputTokens, totalTokens: cache.inputTokens + outputTokens };
  if (supportsCaching(model)) {
    usage.cacheReadInputTokens = cache.cacheReadInputTokens;
    usage.cacheWriteInputTokens = cache.cacheWriteInputTokens;
    if (withDetails && cache.cacheDetails.length > 0) usage.cacheDetails = cache.cacheDetails;
  }
  return usage;
}

/** Keeps the connection open and silent until the client gives up. */
function stall(ex: Exchange, record: RecordedRequest): void {
  record.outcome = 'stalled';
  ex.onClose(() => { record.outcome = 'aborted'; });
}

/** Caches are per region: a SigV4 request names its region in the credential scope. */
function regionOf(record: RecordedRequest): string {
  return record.auth?.scheme === 'sigv4' ? record.auth.region : 'default';
}

function runInference(state: EmulatorState, rawId: string, body: unknown, streaming: boolean, region: string) {
  const resolved = resolveForInference(rawId);
  const { routedTo } = resolved;
  const model = state.rules.apply(resolved.model);
  if (!isObject(body)) throw validation('The request body must be a JSON object.');
  const layout = layoutPrompt(body);
  checkCachePoints(model, layout.points);
  const cache = applyCache(model, layout, state.cache, region);
  const reply = makeReply(rawId, layout.totalTokens, body.inferenceConfig);
  const trace = routedTo ? { promptRouter: { invokedModelId: routedTo } } : undefined;
  return { model, cache, reply, trace, usage: usageOf(model, cache, reply.outputTokens, !streaming) };
}

function converse(state: EmulatorState, ex: Exchange, record: RecordedRequest, rawId: string, body: unknown, faults: AttemptFaults, started: number): void {
  const { reply, usage, trace } = runInference(state, rawId, body, false, regionOf(record));
  record.usage = usage;
  if (faults.dropAfter !== undefined) {
    record.outcome = 'dropped';
    ex.drop(faults.dropMode);
    return;
  }
  if (faults.stallAfter !== undefined) return stall(ex, record);
  record.status = 200;
  record.outcome = 'ok';
  ex.sendJson(200, {
    output: { message: { role: 'assistant', content: [{ text: reply.text }] } },
    stopReason: reply.stopReason,
    usage,
    metrics: { latencyMs: Math.max(1, Date.now() - started) },
    ...(trace ? { trace } : {}),
  }, baseHeaders(state));
}

function converseStream(state: EmulatorState, ex: Exchange, record: RecordedRequest, rawId: string, body: unknown, faults: AttemptFaults, started: number): void {
  const { reply, usage, trace } = runInference(state, rawId, body, true, regionOf(record));
  record.usage = usage;
  const events: [string, () => unknown][] = [
    ['messageStart', () => ({ role: 'assistant' })],
    ...reply.deltas.map((text): [string, () => unknown] => ['contentBlockDelta', () => ({ contentBlockIndex: 0, delta: { text } })]),
    ['contentBlockStop', () => ({ contentBlockIndex: 0 })],
    ['messageStop', () => ({ stopReason: reply.stopReason })],
    ['metadata', () => ({ usage, metrics: { latencyMs: Math.max(1, Date.now() - started) }, ...(trace ? { trace } : {}) })],
  ];
  record.status = 200;
  record.eventsSent = 0;
  ex.startStream({ ...baseHeaders(state), 'content-type': 'application/vnd.amazon.eventstream' });
  let timer: NodeJS.Timeout | undefined;
  ex.onClose(() => {
    if (timer) clearTimeout(timer);
    if (record.outcome === undefined || record.outcome === 'stalled') record.outcome = 'aborted';
  });
  const step = (index: number): void => {
    if (ex.closed) return;
    if (faults.dropAfter === index) {
      record.outcome = 'dropped';
      ex.drop(faults.dropMode);
      return;
    }
    if (faults.stallAfter === index) return stall(ex, record);
    const exception = faults.streamException;
    if (exception && exception.afterEvents === index) {
      record.outcome = 'streamException';
      record.errorType = exception.exceptionType;
      ex.writeFrame(exceptionFrame(exception.exceptionType, exception.message));
      ex.end();
      return;
    }
    if (index >= events.length) {
      record.outcome = 'ok';
      ex.end();
      return;
    }
    const [type, payload] = events[index];
    ex.writeFrame(eventFrame(type, payload()));
    record.eventsSent = index + 1;
    schedule(index + 1);
  };
  const schedule = (index: number): void => {
    if (faults.delayMs > 0) timer = setTimeout(() => step(index), faults.delayMs);
    else setImmediate(() => step(index));
  };
  schedule(0);
}

function countTokens(state: EmulatorState, ex: Exchange, record: RecordedRequest, rawId: string, body: unknown): void {
  const resolved = resolveModel(rawId, { requireProfile: false });
  if (!resolved.ok) throw notFound('Could not resolve the foundation model from the provided model identifier.');
  if (resolved.viaProfile || !resolved.model.countTokens) throw validation("The provided model doesn't support counting tokens.");
  const input = isObject(body) ? body.input : undefined;
  if (!isObject(input) || !isObject(input.converse)) {
    throw validation('The emulator counts tokens for input.converse only; input.invokeModel is not emulated.');
  }
  const layout = layoutPrompt(input.converse);
  record.status = 200;
  record.outcome = 'ok';
  record.usage = { inputTokens: layout.totalTokens };
  ex.sendJson(200, { inputTokens: layout.totalTokens }, baseHeaders(state));
}

/** Runs one Bedrock operation: auth, injected faults, then the operation itself. */
export function handleOperation(state: EmulatorState, ex: Exchange, record: RecordedRequest, operation: Operation, rawId: string, body: unknown): void {
  const started = Date.now();
  try {
    record.auth = checkAuth(record.headers, state.clock);
    const scope = resolveModel(rawId, { requireProfile: false });
    const faults = state.faults.take(operation, rawId, scope.ok ? scope.model.baseId : undefined);
    record.faults = faults.applied;
    if (faults.error) throw new EmulatorError(faults.error.status, faults.error.errorType, faults.error.message);
    if (body === undefined) throw new EmulatorError(400, 'SerializationException', 'Malformed request body: expected JSON.');
    if (operation === 'count-tokens') countTokens(state, ex, record, rawId, body);
    else if (operation === 'converse') converse(state, ex, record, rawId, body, faults, started);
    else converseStream(state, ex, record, rawId, body, faults, started);
  } catch (error) {
    // A bug in the emulator must show up as a 500 on that request, not take the server down.
    const reported = error instanceof EmulatorError ? error : new EmulatorError(500, 'InternalServerException', `Emulator failure: ${String(error)}`);
    sendError(state, ex, record, reported);
  }
}
