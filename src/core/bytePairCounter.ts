/**
 * Counts cl100k tokens with js-tiktoken's rank file. js-tiktoken's own encoder rebuilds
 * comma-joined byte keys for every lookup and takes about 300 ms to build its tables; this
 * counter keys ranks by the piece's UTF-8 bytes as a one-byte-per-character string (ASCII text is
 * its own key), builds the table in slices that yield to the event loop, and remembers the count
 * of every piece it has seen: real text is Zipfian, so a few thousand distinct words are most of
 * it and byte-pair encoding runs once per distinct piece. Counts equal js-tiktoken's (tested).
 */
import { detached } from './detachedString';
import { PreTokenizer } from './preTokenizer';

export interface RankFile {
  pat_str: string;
  bpe_ranks: string;
}

/** Rank table entries decoded per slice: about 1 ms of work, well inside one frame even on a busy machine. */
const SLICE = 2000;
/** Distinct pieces remembered; past this the memo starts over (prose rarely gets near). */
const PIECE_LIMIT = 1 << 19;
/**
 * Byte-pair encoding is quadratic in the length of one piece, and a piece can be a whole run of
 * letters, spaces or punctuation: a 1 MB line of `a` would take hours. Longer pieces are counted
 * in chunks (repeated chunks hit the memo); prose has no such pieces, so its counts stay exact.
 */
const LONG_PIECE = 64;
const CHUNK = 48;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** No rank: the pair is never merged. */
const NO_RANK = 0x7fffffff;
/** The two-byte table of each rank map buildRanks made, filled while decoding (see BytePairCounter.bytePairs). */
const pairTables = new WeakMap<Map<string, number>, Int32Array>();

function twoByteRanks(ranks: Map<string, number>): Int32Array {
  const table = new Int32Array(65536).fill(NO_RANK);
  for (const [bytes, rank] of ranks) if (bytes.length === 2) table[bytes.charCodeAt(0) * 256 + bytes.charCodeAt(1)] = rank;
  return table;
}

export async function buildRanks(file: RankFile, pause: () => Promise<void>): Promise<Map<string, number>> {
  const ranks = new Map<string, number>();
  const pairs = new Int32Array(65536).fill(NO_RANK);
  pairTables.set(ranks, pairs);
  const text = file.bpe_ranks;
  // `! <offset> <token> <token> …` lines: consecutive ranks from the offset, tokens in base64.
  // Read token by token (the file is one 1 MB line): splitting it whole would be one long pause.
  let decoded = 0;
  for (let lineStart = 0; lineStart < text.length;) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const first = text.indexOf(' ', lineStart);
    const second = text.indexOf(' ', first + 1);
    if (first < 0 || first >= lineEnd) { lineStart = lineEnd + 1; continue; }
    let rank = Number.parseInt(text.slice(first + 1, second < 0 || second > lineEnd ? lineEnd : second), 10);
    for (let at = second + 1; second >= 0 && at <= lineEnd && at > 0;) {
      let end = text.indexOf(' ', at);
      if (end < 0 || end > lineEnd) end = lineEnd;
      if (end > at) {
        const bytes = atob(text.slice(at, end));
        if (bytes.length === 2) pairs[bytes.charCodeAt(0) * 256 + bytes.charCodeAt(1)] = rank;
        ranks.set(bytes, rank++);
      }
      at = end + 1;
      if (++decoded % SLICE === 0) await pause();
    }
    lineStart = lineEnd + 1;
  }
  return ranks;
}

const encoder = new TextEncoder();

/** The piece's UTF-8 bytes, one character per byte (lone surrogates become U+FFFD, as in js-tiktoken). */
function utf8Key(piece: string): string {
  for (let i = 0; i < piece.length; i++) {
    if (piece.charCodeAt(i) >= 128) {
      const bytes = encoder.encode(piece);
      let key = '';
      for (let j = 0; j < bytes.length; j += 4096) key += String.fromCharCode(...bytes.subarray(j, j + 4096));
      return key;
    }
  }
  return piece;
}

export class BytePairCounter {
  private readonly pieces = new Map<string, number>();
  private readonly splitter: PreTokenizer;
  /**
   * Ranks of every two-byte token, by (first byte × 256 + second byte): the first round of
   * byte-pair encoding ranks every adjacent pair of bytes, and a table lookup there replaces a
   * substring and a string-keyed map lookup per byte.
   */
  private readonly bytePairs: Int32Array;

  constructor(private readonly ranks: Map<string, number>, pattern: string) {
    this.splitter = new PreTokenizer(pattern);
    this.bytePairs = pairTables.get(ranks) ?? twoByteRanks(ranks);
  }

  count(text: string): number {
    let n = 0;
    this.splitter.forEach(text, (piece) => {
      if (piece.length <= LONG_PIECE) { n += this.piece(piece); return; }
      for (let i = 0; i < piece.length;) {
        let end = Math.min(i + CHUNK, piece.length);
        // Never cut a surrogate pair in two.
        if (end < piece.length && isHighSurrogate(piece.charCodeAt(end - 1))) end++;
        n += this.piece(piece.slice(i, end));
        i = end;
      }
    });
    return n;
  }

  private piece(piece: string): number {
    let c = this.pieces.get(piece);
    if (c === undefined) {
      c = this.mergeCount(utf8Key(piece));
      if (this.pieces.size >= PIECE_LIMIT) this.pieces.clear();
      this.pieces.set(detached(piece), c);
    }
    return c;
  }

  /**
   * Byte-pair encoding, counting only: repeatedly merge the adjacent pair of lowest rank. Each
   * merge re-ranks just the two pairs next to it.
   */
  private mergeCount(bytes: string): number {
    const n = bytes.length;
    if (n <= 1 || this.ranks.has(bytes)) return Math.min(n, 1);
    const starts: number[] = [];
    for (let i = 0; i <= n; i++) starts.push(i);
    const pairRank: number[] = [];
    for (let i = 0; i < n - 1; i++) pairRank.push(this.bytePairs[bytes.charCodeAt(i) * 256 + bytes.charCodeAt(i + 1)]);
    while (pairRank.length > 0) {
      let best = NO_RANK;
      let at = -1;
      for (let i = 0; i < pairRank.length; i++) {
        if (pairRank[i] < best) { best = pairRank[i]; at = i; }
      }
      if (at < 0) break;
      starts.splice(at + 1, 1);
      pairRank.splice(at, 1);
      if (at > 0) pairRank[at - 1] = this.rankOf(bytes, starts[at - 1], starts[at + 1]);
      if (at < pairRank.length) pairRank[at] = this.rankOf(bytes, starts[at], starts[at + 2]);
    }
    return starts.length - 1;
  }

  private rankOf(bytes: string, from: number, to: number): number {
    return this.ranks.get(bytes.slice(from, to)) ?? NO_RANK;
  }
}
