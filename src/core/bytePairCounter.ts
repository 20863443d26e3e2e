/**
 * Counts cl100k tokens with js-tiktoken's ranks (packed by rankTable.ts). js-tiktoken's own
 * encoder rebuilds comma-joined byte keys for every lookup and takes about 300 ms to build its
 * tables; this counter keys ranks by the piece's UTF-8 bytes as a one-byte-per-character string
 * (ASCII text is its own key) and remembers the count of every piece it has seen: real text is
 * Zipfian, so a few thousand distinct words are most of it and byte-pair encoding runs once per
 * distinct piece. Counts equal js-tiktoken's (tested).
 */
import { CL100K_PATTERN, PreTokenizer } from './preTokenizer';
import { detached } from './detachedString';
import { NO_RANK, type RankTable } from './rankTable';

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
  /** Scratch for mergeCount, grown to the longest piece seen. */
  private starts = new Int32Array(256);
  private pairRanks = new Int32Array(256);

  constructor(private readonly ranks: RankTable, pattern: string = CL100K_PATTERN) {
    this.splitter = new PreTokenizer(pattern);
  }

  count(text: string): number {
    let n = 0;
    for (let i = 0; i < text.length;) {
      const end = this.splitter.end(text, i);
      if (end - i <= LONG_PIECE) n += this.piece(text.slice(i, end));
      else {
        for (let at = i; at < end;) {
          let stop = Math.min(at + CHUNK, end);
          // Never cut a surrogate pair in two.
          if (stop < end && isHighSurrogate(text.charCodeAt(stop - 1))) stop++;
          n += this.piece(text.slice(at, stop));
          at = stop;
        }
      }
      i = end;
    }
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
   * merge re-ranks just the two pairs next to it. Parts live in two scratch arrays reused for
   * every piece: a fresh array per piece, shortened by splice at each merge, was most of the
   * encoding's cost in a cold process.
   */
  private mergeCount(bytes: string): number {
    const n = bytes.length;
    if (n <= 1 || this.ranks.rank(bytes, 0, n) !== NO_RANK) return Math.min(n, 1);
    if (this.starts.length <= n) {
      this.starts = new Int32Array(n * 2);
      this.pairRanks = new Int32Array(n * 2);
    }
    // starts[0..parts] bound the parts; pairRanks[i] ranks parts i and i + 1 merged.
    const { starts, pairRanks } = this;
    // The first round ranks every adjacent pair of bytes: a table lookup each.
    const pairs = this.ranks.pairs;
    for (let i = 0; i <= n; i++) starts[i] = i;
    for (let i = 0; i < n - 1; i++) pairRanks[i] = pairs[bytes.charCodeAt(i) * 256 + bytes.charCodeAt(i + 1)];
    let parts = n;
    while (parts > 1) {
      let best = NO_RANK;
      let at = -1;
      for (let i = 0; i < parts - 1; i++) {
        if (pairRanks[i] < best) { best = pairRanks[i]; at = i; }
      }
      if (at < 0) break;
      for (let i = at + 1; i < parts; i++) starts[i] = starts[i + 1];
      for (let i = at; i < parts - 2; i++) pairRanks[i] = pairRanks[i + 1];
      parts--;
      if (at > 0) pairRanks[at - 1] = this.ranks.rank(bytes, starts[at - 1], starts[at + 1]);
      if (at < parts - 1) pairRanks[at] = this.ranks.rank(bytes, starts[at], starts[at + 2]);
    }
    return parts;
  }
}
