/**
 * One streamed Converse call: sends the request, hands text deltas to the caller as they come,
 * measures time to first token and total time, and keeps whatever output arrived when the call
 * is cancelled, stalls or breaks (the run is then marked incomplete). Never throws for Bedrock or
 * network errors: they come back as a mapped failure.
 */
import { ConverseStreamCommand, type BedrockRuntimeClient, type ConverseStreamCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { ConverseRequest, RequestSite } from '../core/converseTypes';
import type { CachedResponse } from '../core/responseCacheEntry';
import type { BedrockUsage } from '../core/usageMath';
import { mapBedrockError, type BedrockFailure, type FailureContext } from './bedrockErrors';

export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

export interface StreamOptions {
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  /** Called once, with milliseconds since the request was sent. */
  onFirstToken?: (timeToFirstTokenMs: number) => void;
  /** Gives up when no data arrives for this long (a stalled connection). */
  idleTimeoutMs?: number;
  /** For error messages: where request paths came from, which profile and region were used. */
  context?: Omit<FailureContext, 'modelId' | 'midStream' | 'cancelled' | 'timedOut'>;
  sites?: readonly RequestSite[];
  /**
   * Work that needs the request but not the answer (the run's fingerprint), done once the first
   * text has been handed on, while the model writes the rest: it delays neither the request (done
   * while it is still being sent, it held up the connection) nor the first token. Skipped when no
   * text comes; the caller then does it after the run.
   */
  whileStreaming?: () => void;
}

export interface StreamResult {
  text: string;
  stopReason?: string;
  usage?: BedrockUsage;
  /** Wall-clock time from sending to the end of the stream. */
  latencyMs: number;
  /** Bedrock's own `metrics.latencyMs`. */
  serverLatencyMs?: number;
  timeToFirstTokenMs?: number;
  complete: boolean;
  failure?: BedrockFailure;
  attempts?: number;
  /** For a prompt router: the model it chose (`trace.promptRouter.invokedModelId`). */
  invokedModelId?: string;
  /** Set when no call was made: the answer was replayed from this response cache entry. */
  replayOf?: CachedResponse;
}

export async function runConverseStream(client: BedrockRuntimeClient, request: ConverseRequest, options: StreamOptions = {}): Promise<StreamResult> {
  const controller = new AbortController();
  let cancelled = false;
  let timedOut = false;
  const onAbort = () => { cancelled = true; controller.abort(); };
  if (options.signal?.aborted) cancelled = true;
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  let idle: NodeJS.Timeout | undefined;
  // One timer, re-armed per event with refresh(): cheaper than a new timer for every frame.
  const touch = () => {
    if (idle) idle.refresh();
    else idle = setTimeout(() => { timedOut = true; controller.abort(); }, idleMs);
  };

  const started = performance.now();
  const result: StreamResult = { text: '', latencyMs: 0, complete: false };
  let sawMessageStop = false;
  try {
    if (cancelled) throw Object.assign(new Error('cancelled before sending'), { name: 'AbortError' });
    touch();
    const response = await client.send(new ConverseStreamCommand(request as unknown as ConverseStreamCommandInput), { abortSignal: controller.signal });
    result.attempts = response.$metadata.attempts;
    if (!response.stream) throw new Error('Bedrock answered without a response stream.');
    for await (const event of response.stream) {
      touch();
      const delta = event.contentBlockDelta?.delta?.text;
      if (delta) {
        const first = result.timeToFirstTokenMs === undefined;
        if (first) {
          result.timeToFirstTokenMs = performance.now() - started;
          options.onFirstToken?.(result.timeToFirstTokenMs);
        }
        result.text += delta;
        options.onDelta?.(delta);
        if (first) {
          try {
            options.whileStreaming?.();
          } catch {
            // Bookkeeping must not cost the answer; the caller redoes the work after the run and meets the error there.
          }
        }
      }
      if (event.messageStop) {
        sawMessageStop = true;
        result.stopReason = event.messageStop.stopReason;
      }
      if (event.metadata) {
        result.usage = event.metadata.usage as BedrockUsage | undefined;
        result.serverLatencyMs = event.metadata.metrics?.latencyMs;
        result.invokedModelId = event.metadata.trace?.promptRouter?.invokedModelId ?? result.invokedModelId;
      }
      // Cancelling must stop reading even if the transport has more frames buffered.
      if (cancelled || timedOut) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    }
    if (cancelled || timedOut) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    // A stream that ends without messageStop and metadata was cut short, not finished.
    if (!sawMessageStop || !result.usage) throw Object.assign(new Error('The response stream ended before the final metadata event.'), { name: 'StreamEndedEarly' });
    result.complete = true;
  } catch (error) {
    result.failure = mapBedrockError(error, {
      modelId: request.modelId, region: options.context?.region ?? '', ...options.context, sites: options.sites ?? options.context?.sites,
      midStream: result.text.length > 0 || result.timeToFirstTokenMs !== undefined || sawMessageStop,
      cancelled, timedOut,
    });
    result.attempts ??= (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  } finally {
    if (idle) clearTimeout(idle);
    options.signal?.removeEventListener('abort', onAbort);
    result.latencyMs = performance.now() - started;
  }
  return result;
}
