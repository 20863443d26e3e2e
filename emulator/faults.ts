// Injected failures. Every rule counts the attempts it has hit, because the SDK retries 429, 500
// and 503 (three attempts by default): "throttle the first 2 attempts" must mean two requests on
// the wire, whatever the client does in between.
import { DEFAULT_MESSAGES, errorTypeForStatus, lowerCamel, STATUS_BY_ERROR_TYPE, upperCamel } from './errors';

export type Operation = 'converse' | 'converse-stream' | 'count-tokens';
export type FaultKind = 'error' | 'streamException' | 'slowStream' | 'stall' | 'drop';

export interface FaultRule {
  kind: FaultKind;
  /** Hit only the first N matching attempts; omitted = every matching attempt. */
  times?: number;
  /** Scope to one operation. */
  operation?: Operation;
  /** Scope to one model: the ID as sent (e.g. a profile ID) or its base ID. */
  model?: string;
  /** `error`: HTTP status (defaults from errorType, else 500). */
  status?: number;
  /** `error`: exception name; `streamException`: UpperCamel or lowerCamel name. */
  errorType?: string;
  message?: string;
  /** `streamException`, `stall`, `drop`: how many event frames go out first (default 0, or 2 for exceptions). */
  afterEvents?: number;
  /** `slowStream`: delay before each event frame. */
  delayMs?: number;
  /** `drop`: lose the whole connection (default) or reset only the HTTP/2 stream. */
  mode?: 'connection' | 'reset';
}

export interface ActiveFault extends FaultRule {
  readonly id: number;
  /** Attempts this rule has acted on. */
  hits: number;
}

export interface ErrorFault {
  readonly status: number;
  readonly errorType: string;
  readonly message: string;
}

/** What a single attempt must suffer, decided once when the request arrives. */
export interface AttemptFaults {
  error?: ErrorFault;
  streamException?: { afterEvents: number; exceptionType: string; message: string };
  stallAfter?: number;
  dropAfter?: number;
  dropMode: 'connection' | 'reset';
  delayMs: number;
  /** Rule IDs that acted on this attempt, recorded with the request. */
  applied: number[];
}

export type Scope = Pick<FaultRule, 'times' | 'operation' | 'model'>;

const KINDS: readonly FaultKind[] = ['error', 'streamException', 'slowStream', 'stall', 'drop'];

function checkRule(rule: FaultRule): void {
  if (typeof rule !== 'object' || rule === null) throw new Error('a fault rule must be an object');
  if (rule.mode !== undefined && rule.mode !== 'connection' && rule.mode !== 'reset') throw new Error('fault field "mode" must be "connection" or "reset"');
  if (!KINDS.includes(rule.kind)) throw new Error(`unknown fault kind "${String(rule.kind)}"; use one of ${KINDS.join(', ')}`);
  for (const key of ['times', 'afterEvents', 'delayMs', 'status'] as const) {
    const v = rule[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) throw new Error(`fault field "${key}" must be a non-negative integer`);
  }
}

export class FaultController {
  private rules: ActiveFault[] = [];
  private nextId = 1;

  add(rule: FaultRule): ActiveFault {
    checkRule(rule);
    const active: ActiveFault = { ...rule, id: this.nextId++, hits: 0 };
    this.rules.push(active);
    return active;
  }

  /** 429 ThrottlingException for the first `times` attempts. */
  throttle(times: number, scope: Omit<Scope, 'times'> = {}): ActiveFault {
    return this.add({ kind: 'error', status: 429, errorType: 'ThrottlingException', times, ...scope });
  }

  /** 500 InternalServerException or 503 ServiceUnavailableException for the first `times` attempts. */
  serverError(status: 500 | 503, times: number, scope: Omit<Scope, 'times'> = {}): ActiveFault {
    return this.add({ kind: 'error', status, times, ...scope });
  }

  /** An exception frame after `afterEvents` event frames of a ConverseStream response. */
  streamException(afterEvents: number, errorType = 'modelStreamErrorException', scope: Scope = {}): ActiveFault {
    return this.add({ kind: 'streamException', afterEvents, errorType, ...scope });
  }

  slowStream(delayMs: number, scope: Scope = {}): ActiveFault {
    return this.add({ kind: 'slowStream', delayMs, ...scope });
  }

  /** Sends `afterEvents` frames, then nothing, until the client gives up. */
  stall(afterEvents = 0, scope: Scope = {}): ActiveFault {
    return this.add({ kind: 'stall', afterEvents, ...scope });
  }

  /** Loses the connection (or, with mode `reset`, resets the HTTP/2 stream) after `afterEvents` frames. */
  drop(afterEvents = 0, scope: Scope & { mode?: 'connection' | 'reset' } = {}): ActiveFault {
    return this.add({ kind: 'drop', afterEvents, ...scope });
  }

  list(): readonly ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** Decides the faults for one attempt and counts the hits. */
  take(operation: Operation, rawModelId: string, baseModelId: string | undefined): AttemptFaults {
    const result: AttemptFaults = { delayMs: 0, dropMode: 'connection', applied: [] };
    const matching = this.rules.filter((r) =>
      (r.times === undefined || r.hits < r.times) &&
      (r.operation === undefined || r.operation === operation) &&
      (r.model === undefined || r.model === rawModelId || r.model === baseModelId));
    const error = matching.find((r) => r.kind === 'error');
    if (error) {
      const errorType = error.errorType ?? errorTypeForStatus(error.status ?? 500);
      const status = error.status ?? STATUS_BY_ERROR_TYPE[errorType] ?? 500;
      error.hits++;
      result.applied.push(error.id);
      result.error = { status, errorType, message: error.message ?? DEFAULT_MESSAGES[errorType] ?? `${errorType} (injected)` };
      return result;
    }
    const streaming = operation === 'converse-stream';
    for (const rule of matching) {
      const applies =
        rule.kind === 'slowStream' ? streaming && result.delayMs === 0 :
        rule.kind === 'streamException' ? streaming && !result.streamException :
        rule.kind === 'stall' ? result.stallAfter === undefined :
        rule.kind === 'drop' ? result.dropAfter === undefined : false;
      if (!applies) continue;
      rule.hits++;
      result.applied.push(rule.id);
      if (rule.kind === 'slowStream') result.delayMs = rule.delayMs ?? 0;
      if (rule.kind === 'stall') result.stallAfter = rule.afterEvents ?? 0;
      if (rule.kind === 'drop') {
        result.dropAfter = rule.afterEvents ?? 0;
        result.dropMode = rule.mode ?? 'connection';
      }
      if (rule.kind === 'streamException') {
        const type = upperCamel(rule.errorType ?? 'modelStreamErrorException');
        result.streamException = {
          afterEvents: rule.afterEvents ?? 2,
          exceptionType: lowerCamel(type),
          message: rule.message ?? DEFAULT_MESSAGES[type] ?? `${type} (injected)`,
        };
      }
    }
    return result;
  }
}
