/**
 * Local token estimates: cl100k through js-tiktoken's lite entry with one rank file, loaded on
 * first use (never during activation). Claude and Nova tokenizers are not public, so every local
 * count is an estimate; the calibration factor per model family is applied by the analyzer and
 * shown to the user.
 */
import type { Tiktoken } from 'js-tiktoken/lite';

export interface TokenCounter {
  /** Raw cl100k token count of the text. */
  count(text: string): number;
}

let loading: Promise<Tiktoken> | undefined;

function loadEncoder(): Promise<Tiktoken> {
  loading ??= (async () => {
    const [{ Tiktoken: TiktokenClass }, ranks] = await Promise.all([
      import('js-tiktoken/lite'),
      import('js-tiktoken/ranks/cl100k_base'),
    ]);
    return new TiktokenClass((ranks as { default?: unknown }).default as never ?? ranks);
  })();
  return loading;
}

/** A counter with its own memo; the encoder (the expensive part to load) is shared. */
export async function loadTokenCounter(): Promise<TokenCounter> {
  return new MemoCounter(await loadEncoder());
}

/** Special-token strings like `<|endoftext|>` in prompt text are counted as plain text. */
const NO_SPECIAL: string[] = [];

/**
 * Counts are memoized by text: on a keystroke only the edited block's text is new, so every other
 * block is a lookup. The memo is bounded so that a long editing session cannot grow it forever.
 */
class MemoCounter implements TokenCounter {
  private memo = new Map<string, number>();
  private static readonly LIMIT = 4096;

  constructor(private readonly encoder: Tiktoken) {}

  count(text: string): number {
    if (text.length === 0) return 0;
    const hit = this.memo.get(text);
    if (hit !== undefined) return hit;
    const n = this.encoder.encode(text, NO_SPECIAL, NO_SPECIAL).length;
    if (this.memo.size >= MemoCounter.LIMIT) this.memo.delete(this.memo.keys().next().value as string);
    this.memo.set(text, n);
    return n;
  }
}

export function calibrated(raw: number, factor: number): number {
  return Math.round(raw * factor);
}
