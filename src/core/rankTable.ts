/**
 * cl100k's rank table as flat bytes with a hash index over them. js-tiktoken ships the table as
 * 100,256 base64 tokens; decoding them into a string-keyed Map took 40–60 ms and ≈ 10 MB at every
 * cold start. The build packs the decoded tokens once (`packRanks`, dist/cl100k_base.ranks), so a
 * start reads 0.7 MB and hashes it. Lookups take a byte range of a key, so byte-pair encoding asks
 * for the rank of a candidate merge without cutting a string for it.
 *
 * Packed form: the magic bytes, the token count (u32, little-endian), one length byte per token,
 * then every token's bytes, in rank order (cl100k's ranks run from 0 without gaps; the packer
 * checks).
 */

export interface RankFile {
  pat_str: string;
  bpe_ranks: string;
}

/** No rank: the bytes are not a token. */
export const NO_RANK = 0x7fffffff;

const MAGIC = [0x50, 0x43, 0x53, 0x52, 0x41, 0x4e, 0x4b, 0x31]; // "PCSRANK1"
const HEADER = MAGIC.length + 4;
/** Tokens hashed per slice while indexing: about a millisecond of work. */
const SLICE = 20000;

/**
 * FNV-1a over the char codes of `key[from, to)`, each a byte, with a final fold so the low bits
 * the index masks with depend on every byte.
 */
function hashRange(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/** Decodes js-tiktoken's rank file into the packed form: at build time, and when running from source. */
export async function packRanks(file: RankFile, pause: () => Promise<void>): Promise<Uint8Array> {
  const tokens: Uint8Array[] = [];
  const text = file.bpe_ranks;
  // `! <offset> <token> <token> …` lines: consecutive ranks from the offset, tokens in base64.
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    if (fields.length < 2) continue;
    if (Number(fields[1]) !== tokens.length) throw new Error(`Rank file: ranks from ${fields[1]} follow ${tokens.length} tokens; they must run without gaps.`);
    for (let i = 2; i < fields.length; i++) {
      if (fields[i] === '') continue;
      const token = Uint8Array.from(atob(fields[i]), (c) => c.charCodeAt(0));
      if (token.length > 255) throw new Error(`Rank file: token ${tokens.length} is ${token.length} bytes; at most 255 are packed.`);
      tokens.push(token);
      if (tokens.length % SLICE === 0) await pause();
    }
  }
  const size = tokens.reduce((sum, t) => sum + t.length, 0);
  const packed = new Uint8Array(HEADER + tokens.length + size);
  packed.set(MAGIC, 0);
  new DataView(packed.buffer).setUint32(MAGIC.length, tokens.length, true);
  let at = HEADER + tokens.length;
  tokens.forEach((token, rank) => {
    packed[HEADER + rank] = token.length;
    packed.set(token, at);
    at += token.length;
  });
  return packed;
}

export class RankTable {
  /** Two-byte tokens by (first byte × 256 + second byte): the first round of every merge asks these. */
  readonly pairs = new Int32Array(65536).fill(NO_RANK);
  private readonly offsets: Int32Array;
  private readonly lengths: Uint8Array;
  private readonly bytes: Uint8Array;
  /**
   * Open addressing, three ints per slot: rank (-1 when empty), full hash, offset × 256 + length.
   * A lookup reads one slot and, only when the hash matches, the token's bytes: byte-pair encoding
   * asks for many candidates that are not tokens, and each miss then costs one memory access, not
   * four scattered ones.
   */
  private readonly slots: Int32Array;
  private readonly mask: number;

  private constructor(packed: Uint8Array, readonly size: number) {
    this.lengths = packed.subarray(HEADER, HEADER + size);
    this.bytes = packed.subarray(HEADER + size);
    this.offsets = new Int32Array(size);
    // A power of two at least twice the token count keeps probe runs short.
    let slots = 1;
    while (slots < size * 2) slots *= 2;
    this.slots = new Int32Array(slots * 3).fill(-1);
    this.mask = slots - 1;
  }

  /** The table over packed bytes (packRanks' output), indexed in slices that yield between them. */
  static async unpack(packed: Uint8Array, pause: () => Promise<void>): Promise<RankTable> {
    if (packed.length < HEADER || MAGIC.some((b, i) => packed[i] !== b)) throw new Error('not a packed rank table (its magic bytes are wrong)');
    const size = new DataView(packed.buffer, packed.byteOffset, packed.length).getUint32(MAGIC.length, true);
    const table = new RankTable(packed, size);
    let total = 0;
    for (let t = 0; t < size; t++) total += table.lengths[t];
    if (HEADER + size + total !== packed.length) throw new Error(`packed rank table: ${packed.length} bytes where ${HEADER + size + total} were expected`);
    for (let start = 0; start < size; start += SLICE) {
      table.index(start, Math.min(size, start + SLICE));
      if (start + SLICE < size) await pause();
    }
    return table;
  }

  /**
   * Places tokens `from`..`to` in the index. Runs once per process, mostly before the compiler has
   * optimized it: so fields are read into locals and hashRange is written out inline, over bytes.
   */
  private index(from: number, to: number): void {
    const { lengths, bytes, offsets, slots, pairs, mask } = this;
    let at = from === 0 ? 0 : offsets[from - 1] + lengths[from - 1];
    for (let t = from; t < to; t++) {
      const length = lengths[t];
      offsets[t] = at;
      let h = 0x811c9dc5;
      for (let i = at; i < at + length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
      h ^= h >>> 15;
      let s = h & mask;
      while (slots[s * 3] >= 0) s = (s + 1) & mask;
      slots[s * 3] = t;
      slots[s * 3 + 1] = h;
      slots[s * 3 + 2] = at * 256 + length;
      if (length === 2) pairs[bytes[at] * 256 + bytes[at + 1]] = t;
      at += length;
    }
  }

  /** The rank of the bytes `key[from, to)` (one byte per character), or NO_RANK. */
  rank(key: string, from: number, to: number): number {
    const { slots, mask, bytes } = this;
    const length = to - from;
    const h = hashRange(key, from, to);
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const t = slots[s * 3];
      if (t < 0) return NO_RANK;
      const where = slots[s * 3 + 2];
      if (slots[s * 3 + 1] !== h || (where & 255) !== length) continue;
      const at = where >>> 8;
      let i = 0;
      while (i < length && bytes[at + i] === key.charCodeAt(from + i)) i++;
      if (i === length) return t;
    }
  }

  /** The bytes of the token of rank `rank`, one character per byte. */
  token(rank: number): string {
    const at = this.offsets[rank];
    return String.fromCharCode(...this.bytes.subarray(at, at + this.lengths[rank]));
  }
}
