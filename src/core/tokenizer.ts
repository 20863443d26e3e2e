/**
 * Local token estimates: cl100k with js-tiktoken's ranks, packed by the build, loaded on first use
 * (never during activation) and counted by BytePairCounter (same counts as js-tiktoken, far
 * faster). Claude and Nova tokenizers are not public, so every local count is an estimate; the
 * calibration factor per model family is applied by the analyzer and shown to the user.
 */
import { BytePairCounter } from './bytePairCounter';
import { packRanks, RankTable, type RankFile } from './rankTable';
import { BoundedMemo } from './boundedMemo';
import { detached } from './detachedString';

export interface TokenCounter {
  /** Raw cl100k token count of the text. */
  count(text: string): number;
}

let loading: Promise<BytePairCounter> | undefined;

/** js-tiktoken's rank file, packed here: what runs from source (tests, scripts) counts with. */
async function packedFromModule(): Promise<Uint8Array> {
  const module = await import('js-tiktoken/ranks/cl100k_base') as unknown as { default?: RankFile } & RankFile;
  return packRanks(module.default ?? module, yieldToEventLoop);
}

let packedSource: () => Promise<Uint8Array> = packedFromModule;

/**
 * Where the packed ranks come from (before the first count): the extension and the CLI read the
 * file the build packed beside their bundle (src/node/rankFile.ts).
 */
export function setPackedRanksSource(source: () => Promise<Uint8Array>): void {
  packedSource = source;
}

/** The rank table is indexed once per process, in slices that let the event loop run between them. */
function loadEncoder(): Promise<BytePairCounter> {
  loading ??= (async () => new BytePairCounter(await RankTable.unpack(await packedSource(), yieldToEventLoop)))();
  return loading;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A counter with its own memo; the encoder (the expensive part to load) is shared. */
export async function loadTokenCounter(): Promise<TokenCounter> {
  return new MemoCounter(await loadEncoder());
}

/**
 * Counts are memoized by text: on a keystroke only the edited block's text is new, so every other
 * block is a lookup. A long text is also counted piece by piece, cut where cl100k's pre-tokenizer
 * always starts a new piece (right after a line break followed by a non-space character), so the
 * sum is exact and an edit re-encodes one line, not the whole block. The memo is bounded.
 */
class MemoCounter implements TokenCounter {
  /** Enough for every block and piece of a prompt of several megabytes. */
  private memo = new BoundedMemo<number>(65536, 16 * 1024 * 1024);
  /** Pieces shorter than this are not worth a memo entry of their own. */
  private static readonly PIECE = 256;

  constructor(private readonly encoder: BytePairCounter) {}

  count(text: string): number {
    if (text.length === 0) return 0;
    const hit = this.memo.get(text);
    if (hit !== undefined) return hit;
    let n = 0;
    if (text.length <= MemoCounter.PIECE * 2) n = this.encode(text);
    else for (const piece of splitAtLineStarts(text, MemoCounter.PIECE)) n += this.memoized(piece);
    this.remember(text, n);
    return n;
  }

  private memoized(piece: string): number {
    const hit = this.memo.get(piece);
    if (hit !== undefined) return hit;
    const n = this.encode(piece);
    this.remember(piece, n);
    return n;
  }

  private encode(text: string): number {
    // Special-token strings like `<|endoftext|>` in prompt text are counted as plain text.
    return this.encoder.count(text);
  }

  private remember(text: string, n: number): void {
    this.memo.set(detached(text), n, text.length);
  }
}

/**
 * Cuts text into pieces of at least `size` characters, each ending with a line break that is
 * followed by a non-whitespace character, after any spaces and tabs (indentation): there cl100k's
 * pre-tokenizer always starts a new token. Every token that can hold a line break ends with the
 * last one of its run (`\s*[\r\n]+`, or punctuation followed by `[\r\n]*`), and no such run goes on
 * past spaces into a non-space character.
 */
export function splitAtLineStarts(text: string, size: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let from = size;
  while (from < text.length) {
    let cut = text.indexOf('\n', from);
    while (cut >= 0 && cut + 1 < text.length && !startsLine(text, cut + 1)) cut = text.indexOf('\n', cut + 1);
    if (cut < 0 || cut + 1 >= text.length) break;
    pieces.push(text.slice(start, cut + 1));
    start = cut + 1;
    from = start + size;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** Spaces and tabs, then a character that is not whitespace. */
function startsLine(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i < text.length && !/\s/.test(text[i]);
}

export function calibrated(raw: number, factor: number): number {
  return Math.round(raw * factor);
}
