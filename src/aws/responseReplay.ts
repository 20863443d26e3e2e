/**
 * Plays a response cache entry back as if it were streaming: the stored text goes to `onDelta` in
 * small pieces, quickly, so the panel, the progress and the cancel button behave as for a Bedrock
 * call. No request is made; the result carries the entry so the record can say it was replayed.
 */
import type { CachedResponse } from '../core/responseCacheEntry';
import { mapBedrockError } from './bedrockErrors';
import type { StreamResult, StreamOptions } from './converseStream';

/** At most this many deltas per replay, this far apart: a long answer replays in a fraction of a second. */
const MAX_DELTAS = 40;
const DELTA_GAP_MS = 4;

export async function replayResponse(entry: CachedResponse, modelId: string, options: Pick<StreamOptions, 'signal' | 'onDelta' | 'onFirstToken' | 'context'> = {}): Promise<StreamResult> {
  const started = performance.now();
  const result: StreamResult = { text: '', latencyMs: 0, complete: false, replayOf: entry };
  const size = Math.max(16, Math.ceil(entry.text.length / MAX_DELTAS));
  for (let at = 0; at < entry.text.length; at += size) {
    if (options.signal?.aborted) {
      result.failure = mapBedrockError(Object.assign(new Error('aborted'), { name: 'AbortError' }), {
        modelId, region: options.context?.region ?? '', ...options.context, cancelled: true, midStream: result.text.length > 0,
      });
      result.latencyMs = performance.now() - started;
      return result;
    }
    const delta = entry.text.slice(at, at + size);
    if (result.timeToFirstTokenMs === undefined) {
      result.timeToFirstTokenMs = performance.now() - started;
      options.onFirstToken?.(result.timeToFirstTokenMs);
    }
    result.text += delta;
    options.onDelta?.(delta);
    if (at + size < entry.text.length) await new Promise((resolve) => setTimeout(resolve, DELTA_GAP_MS));
  }
  result.stopReason = entry.stopReason;
  result.usage = entry.usage;
  result.invokedModelId = entry.invokedModelId;
  result.complete = true;
  result.latencyMs = performance.now() - started;
  return result;
}
