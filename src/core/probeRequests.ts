/**
 * The Converse requests a probe sends. Each prefix starts with a random nonce, so no cache entry
 * from an earlier call (this probe's or anyone's) can match it: every write is a real write.
 * The prefix is plain prose sized in cl100k tokens; Bedrock's own count is read from its answer.
 */
import type { CacheTtl } from '../shared/usageRecord';
import type { ConverseRequest } from './converseTypes';
import { PROBE_MAX_OUTPUT } from './probePlan';
import type { TokenCounter } from './tokenizer';

export const PROBE_QUESTION = 'Reply with the single word OK.';

const SENTENCE = (i: number) => `Clause ${i}: the parties agree that the terms stated here apply to every order placed under this agreement.\n`;

/** The lines a prefix is built from, with their cl100k counts summed as they go. */
export class ProbeText {
  private readonly lines: string[] = [];
  private readonly sums: number[] = [0];

  constructor(private readonly counter: TokenCounter) {}

  /**
   * A text of at least `tokens` cl100k tokens (and as close above as a line allows), starting
   * with the nonce: a size that lands short of a minimum would read as "does not cache". Lines
   * each start a new cl100k piece, so their counts add up exactly.
   */
  make(nonce: string, tokens: number): { text: string; tokens: number } {
    const head = `Cache probe ${nonce}. Ignore this text.\n`;
    const headTokens = this.counter.count(head);
    const want = Math.max(0, tokens - headTokens);
    while (this.sums[this.sums.length - 1] < want) {
      const line = SENTENCE(this.lines.length + 1);
      this.lines.push(line);
      this.sums.push(this.sums[this.sums.length - 1] + this.counter.count(line));
    }
    let n = 0;
    while (this.sums[n] < want) n++;
    return { text: head + this.lines.slice(0, n).join(''), tokens: headTokens + this.sums[n] };
  }
}

const question = () => [{ role: 'user' as const, content: [{ text: PROBE_QUESTION }] }];

/** The prefix in `system`, closed by a cache point (with `ttl` when given). */
export function systemProbe(modelId: string, prefix: string, ttl?: CacheTtl): ConverseRequest {
  return {
    modelId,
    system: [{ text: prefix }, { cachePoint: { type: 'default', ...(ttl ? { ttl } : {}) } }],
    messages: question(),
    inferenceConfig: { maxTokens: PROBE_MAX_OUTPUT },
  };
}

/** The prefix as a tool's description, closed by a cache point in `toolConfig.tools`. */
export function toolsProbe(modelId: string, prefix: string): ConverseRequest {
  return {
    modelId,
    messages: question(),
    toolConfig: { tools: [
      { toolSpec: { name: 'cache_probe', description: prefix, inputSchema: { json: { type: 'object', properties: {} } } } },
      { cachePoint: { type: 'default' } },
    ] },
    inferenceConfig: { maxTokens: PROBE_MAX_OUTPUT },
  };
}
