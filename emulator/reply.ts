// The model's "answer": a fixed sentence naming the model and the input size, so that tests can
// assert on it, cut the way a model would cut it by stop sequences and `maxTokens`.
import { validation } from './errors';
import { countText, truncateToTokens } from './tokenCount';

export interface Reply {
  readonly text: string;
  readonly stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence';
  readonly outputTokens: number;
  /** The text as the stream sends it: one delta per word (with its trailing space). */
  readonly deltas: readonly string[];
}

export function replyText(modelId: string, inputTokens: number): string {
  return `Emulated reply from ${modelId}: ${inputTokens} input tokens.`;
}

function readInferenceConfig(config: unknown): { maxTokens?: number; stopSequences: string[] } {
  if (config === undefined) return { stopSequences: [] };
  if (typeof config !== 'object' || config === null) throw validation('inferenceConfig must be an object.');
  const { maxTokens, stopSequences } = config as { maxTokens?: unknown; stopSequences?: unknown };
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw validation('The maximum tokens you requested must be a positive integer. Try again with a valid value.');
  }
  if (stopSequences !== undefined && (!Array.isArray(stopSequences) || !stopSequences.every((s) => typeof s === 'string' && s !== ''))) {
    throw validation('stopSequences must be a list of non-empty strings.');
  }
  return { maxTokens: maxTokens as number | undefined, stopSequences: (stopSequences as string[] | undefined) ?? [] };
}

export function makeReply(modelId: string, inputTokens: number, inferenceConfig: unknown): Reply {
  const { maxTokens, stopSequences } = readInferenceConfig(inferenceConfig);
  let text = replyText(modelId, inputTokens);
  let stopReason: Reply['stopReason'] = 'end_turn';
  const cuts = stopSequences.map((s) => text.indexOf(s)).filter((i) => i >= 0);
  if (cuts.length > 0) {
    text = text.slice(0, Math.min(...cuts));
    stopReason = 'stop_sequence';
  }
  if (maxTokens !== undefined && countText(text) > maxTokens) {
    text = truncateToTokens(text, maxTokens);
    stopReason = 'max_tokens';
  }
  const deltas = text.match(/\S+\s*|\s+/g) ?? [];
  return { text, stopReason, outputTokens: countText(text), deltas };
}
