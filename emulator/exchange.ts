// One request/response pair, whichever HTTP version carried it, plus what the emulator records
// about it. The operations write through this interface so that HTTP/2 and HTTP/1.1 behave alike.
import type { AuthInfo } from './auth';
import type { Operation } from './faults';

export type Transport = 'h2' | 'http/1.1';
export type DropMode = 'connection' | 'reset';

export interface Exchange {
  readonly transport: Transport;
  /** A complete JSON response. */
  sendJson(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Sends the 200 head of an event stream; frames follow with writeFrame. */
  startStream(headers: Record<string, string>): void;
  writeFrame(frame: Uint8Array): void;
  end(): void;
  /**
   * Breaks the transport: `connection` destroys the socket (HTTP/1.1) or the HTTP/2 session;
   * `reset` sends RST_STREAM INTERNAL_ERROR on HTTP/2 (and destroys the socket on HTTP/1.1).
   */
  drop(mode: DropMode): void;
  /** True once the client went away or the response finished. */
  readonly closed: boolean;
  onClose(listener: () => void): void;
}

export type Outcome = 'ok' | 'error' | 'streamException' | 'dropped' | 'stalled' | 'aborted';

/** What `requests` holds: every request the emulator saw, in order, parsed. */
export interface RecordedRequest {
  readonly seq: number;
  /** Emulated time when it arrived (ISO 8601). */
  readonly at: string;
  readonly transport: Transport;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  readonly body: unknown;
  operation?: Operation;
  /** Model ID as sent, URL-decoded. */
  modelId?: string;
  /** The SDK's attempt number from `amz-sdk-request: attempt=N; max=M`. */
  attempt?: number;
  auth?: AuthInfo;
  status?: number;
  errorType?: string;
  errorMessage?: string;
  outcome?: Outcome;
  usage?: Record<string, unknown>;
  /** IDs of fault rules that acted on this attempt. */
  faults: number[];
  /** Event frames sent (ConverseStream). */
  eventsSent?: number;
}
