/**
 * Counts cl100k tokens with js-tiktoken's ranks (packed by rankTable.ts). js-tiktoken's own
 * encoder rebuilds comma-joined byte keys for every lookup and takes about 300 ms to build its
 * tables; this counter keys ranks by the piece's UTF-8 bytes as a one-byte-per-character string
 * (ASCII text is its own key) and remembers the count of every piece it has seen: real text is Zipfian, so a few thousand distinct words are most of
 * it and byte-pair encoding runs once per distinct piece. Counts equal js-tiktoken's (tested).
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

  constructor(private readonly ranks: RankTable, pattern: string = CL100K_PATTERN) {
    this.splitter = new PreTokenizer(pattern);
  }

  count(text: string): number {
    let n = 0;
    this.splitter.forEach(text, (piece) => {
      if (piece.length <= LONG_PIECE) { n += this.piece(piece); return; }
      for (let i = 0; i < piece.length;) {
        let end = Math.min(i + CHUNK, piece.length);
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
    if (n <= 1 || this.ranks.rank(bytes, 0, n) !== NO_RANK) return Math.min(n, 1);
    // The first round ranks every adjacent pair of bytes: a table lookup each.
    const pairs = this.ranks.pairs;
    const starts: number[] = [];
    for (let i = 0; i <= n; i++) starts.push(i);
    const pairRank: number[] = [];
    for (let i = 0; i < n - 1; i++) pairRank.push(pairs[bytes.charCodeAt(i) * 256 + bytes.charCodeAt(i + 1)]);
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
    return this.ranks.rank(bytes, from, to);
  }
}
