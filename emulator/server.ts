// The emulator's front door: Bedrock routes, the `/_emulator/*` control routes for tests in other
// processes, and `startEmulator()` for tests in this one.
import { EventEmitter } from 'node:events';
import { CacheStore, type CacheEntryView } from './cacheStore';
import { EmulatorClock } from './clock';
import { EmulatorError } from './errors';
import type { Exchange, RecordedRequest } from './exchange';
import { type FaultController, FaultController as Faults, type FaultRule, type Operation } from './faults';
import { ModelRules, type ModelRule, type ModelRuleSet } from './modelRules';
import { handleOperation, sendError, type EmulatorState } from './operations';
import { createDualServer } from './transport';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback makes sense: the emulator has no real authentication. */
  host?: string;
  /** Per-model caching rules (minimum, 1h TTL, tools point) in force from the start and after reset(). */
  models?: ModelRuleSet;
}

export interface Emulator {
  readonly url: string;
  readonly port: number;
  readonly clock: EmulatorClock;
  readonly faults: FaultController;
  readonly cache: { list(): CacheEntryView[]; clear(): void; setImplicitCaching(modelBaseId: string, on: boolean): void };
  /** Per-model caching rules: `set('amazon.nova-pro-v1:0', { minTokens: 2048 })`; reset() restores the start-up rules. */
  readonly models: { set(baseId: string, rule: ModelRule): void; list(): ModelRuleSet; clear(): void };
  /** Every request seen, oldest first; cleared in place by reset(). */
  readonly requests: RecordedRequest[];
  /**
   * Emits `request` (RecordedRequest) when a Bedrock request arrives and `closed` when its
   * exchange ends, however it ended.
   */
  readonly events: EventEmitter;
  /** Resolves with the record when the next request matching `predicate` has closed. */
  nextClosed(predicate?: (record: RecordedRequest) => boolean): Promise<RecordedRequest>;
  /** Forgets cache entries, faults, recorded requests, clock offsets and rules set after start-up. */
  reset(): void;
  close(): Promise<void>;
}

const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream|count-tokens)$/;

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function attemptOf(headers: Record<string, string>): number | undefined {
  const m = /attempt=(\d+)/.exec(headers['amz-sdk-request'] ?? '');
  return m ? Number(m[1]) : undefined;
}

function control(emulator: Emulator, ex: Exchange, method: string, path: string, body: unknown): void {
  const json = (status: number, value: unknown) => ex.sendJson(status, value);
  const input = (body ?? {}) as Record<string, unknown>;
  try {
    if (path === '/_emulator/requests' && method === 'GET') return json(200, emulator.requests);
    if (path === '/_emulator/cache' && method === 'GET') return json(200, emulator.cache.list());
    if (path === '/_emulator/reset' && method === 'POST') {
      emulator.reset();
      return json(200, { reset: true });
    }
    if (path === '/_emulator/models') {
      if (method === 'DELETE') emulator.models.clear();
      else if (method === 'POST') for (const [id, rule] of Object.entries(input)) emulator.models.set(id, rule as ModelRule);
      return json(200, emulator.models.list());
    }
    if (path === '/_emulator/clock') {
      if (method === 'POST') {
        if (input.advanceMs !== undefined) emulator.clock.advance(Number(input.advanceMs));
        if (input.skewMs !== undefined) emulator.clock.setSkew(Number(input.skewMs));
      }
      return json(200, emulator.clock.state);
    }
    if (path === '/_emulator/faults') {
      if (method === 'DELETE' || (method === 'POST' && input.clear === true)) emulator.faults.clear();
      else if (method === 'POST') {
        const rules = Array.isArray(body) ? body : [body];
        for (const rule of rules) emulator.faults.add(rule as FaultRule);
      }
      return json(200, emulator.faults.list());
    }
  } catch (error) {
    return json(400, { message: (error as Error).message });
  }
  json(404, { message: `No emulator control route ${method} ${path}` });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = new EmulatorClock();
  const faults = new Faults();
  const cache = new CacheStore(clock);
  const rules = new ModelRules(options.models);
  const state: EmulatorState = { clock, faults, cache, rules };
  const requests: RecordedRequest[] = [];
  const events = new EventEmitter();
  let seq = 0;

  const server = createDualServer((ex, method, url, headers, rawBody) => {
    const path = url.split('?')[0];
    const body = parseBody(rawBody);
    if (path.startsWith('/_emulator/')) return control(emulator, ex, method, path, body);
    const record: RecordedRequest = {
      seq: ++seq,
      at: new Date(clock.now()).toISOString(),
      transport: ex.transport,
      method,
      path,
      headers,
      body: body ?? (rawBody.length > 0 ? rawBody.toString('utf8') : undefined),
      attempt: attemptOf(headers),
      faults: [],
    };
    requests.push(record);
    events.emit('request', record);
    const route = ROUTE.exec(path);
    if (!route || method !== 'POST') {
      return sendError(state, ex, record, new EmulatorError(404, 'UnknownOperationException', `No Bedrock runtime operation at ${method} ${path}`));
    }
    let modelId: string;
    try {
      modelId = decodeURIComponent(route[1]);
    } catch {
      return sendError(state, ex, record, new EmulatorError(400, 'ValidationException', 'The model identifier in the path is not URL-encoded correctly.'));
    }
    record.operation = route[2] as Operation;
    record.modelId = modelId;
    handleOperation(state, ex, record, record.operation, modelId, rawBody.length > 0 && body === undefined ? undefined : body ?? {});
    // Registered after the operation's own close listener so that the outcome is final.
    ex.onClose(() => events.emit('closed', record));
  });

  const host = options.host ?? '127.0.0.1';
  const port = await server.listen(options.port ?? 0, host);
  const emulator: Emulator = {
    url: `http://${host}:${port}`,
    port,
    clock,
    faults,
    cache: { list: () => cache.list(), clear: () => cache.clear(), setImplicitCaching: (id, on) => cache.setImplicitCaching(id, on) },
    models: { set: (id, rule) => rules.set(id, rule), list: () => rules.list(), clear: () => rules.clear() },
    requests,
    events,
    nextClosed(predicate = () => true) {
      return new Promise((resolve) => {
        const listener = (record: RecordedRequest) => {
          if (!predicate(record)) return;
          events.off('closed', listener);
          resolve(record);
        };
        events.on('closed', listener);
      });
    },
    reset() {
      cache.clear();
      faults.clear();
      clock.reset();
      rules.reset();
      requests.length = 0;
    },
    close: () => server.close(),
  };
  return emulator;
}
