/** Offset ↔ (line, character) conversion for one text, built once per analysis. */
import type { Position, Range } from './analysis';

/** The editor's account of an edit: the first `prefix` and last `suffix` characters of `from` are unchanged. */
export interface KnownChange {
  from: string;
  prefix: number;
  suffix: number;
}

export class LineIndex {
  private starts: number[] | Int32Array = [0];
  /** Set by update(): the common start and end this text shares with the previous one. */
  change?: { prefix: number; suffix: number };
  private hasCarriageReturn = false;

  /**
   * The index of `text` built from the index of an earlier version of it: only the stretch
   * between their common start and common end is searched for line breaks, the rest is copied
   * (shifted). A keystroke in a 1 MB file then costs a comparison, not a search of every line.
   */
  static update(previous: LineIndex | undefined, text: string, known?: KnownChange): LineIndex {
    const old = previous?.text;
    if (old === undefined || previous!.hasCarriageReturn) return new LineIndex(text);
    // The editor's own account of the edit, when it is about this very previous text, spares
    // comparing two whole versions of the document (textChangeSpan.ts).
    const trusted = known !== undefined && known.from === old && known.prefix >= 0 && known.suffix >= 0
      && known.prefix + known.suffix <= Math.min(old.length, text.length);
    const prefix = trusted ? known.prefix : commonPrefix(old, text);
    const suffix = trusted ? known.suffix : commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
    // \r needs the careful path; the old text had none, so only the changed stretch can add one.
    const changed = text.slice(prefix, text.length - suffix);
    if (changed.includes('\r')) return new LineIndex(text);
    const index = new LineIndex('');
    (index as { text: string }).text = text;
    index.change = { prefix, suffix };
    const before = previous!.starts;
    // Line starts decided by characters before the common prefix's end stay; line breaks inside
    // the common suffix are the same lines, shifted by the change in length. Typed arrays: the
    // copies are memory moves, not one push per line.
    let lo = 0;
    let hi = before.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (before[mid] <= prefix) lo = mid + 1; else hi = mid; }
    const head = lo;
    const changedEnd = text.length - suffix;
    const middle: number[] = [];
    for (let i = text.indexOf('\n', prefix); i >= 0 && i < changedEnd; i = text.indexOf('\n', i + 1)) middle.push(i + 1);
    const delta = text.length - old.length;
    const oldChangedEnd = old.length - suffix;
    let tail = head;
    while (tail < before.length && before[tail] - 1 < oldChangedEnd) tail++;
    const starts = new Int32Array(head + middle.length + before.length - tail);
    starts.set(before instanceof Int32Array ? before.subarray(0, head) : before.slice(0, head));
    starts.set(middle, head);
    let j = head + middle.length;
    for (let k = tail; k < before.length; k++) starts[j++] = before[k] + delta;
    index.starts = starts;
    return index;
  }

  constructor(readonly text: string) {
    // indexOf is far faster than a character loop on large files; \r needs the careful path.
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) (this.starts as number[]).push(i + 1);
      return;
    }
    this.hasCarriageReturn = true;
    // Treat \r\n, \r and \n as line ends, as editors do.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        (this.starts as number[]).push(i + 1);
      } else if (c === 10) {
        (this.starts as number[]).push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset just past the line's text, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  lineRange(line: number): Range {
    return this.range(this.lineStart(line), this.lineEnd(line));
  }
}

/** Length of the common start of two texts: compared in blocks (a fast memory compare), then by character. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let step = 65536; step >= 1; step >>= 4) {
    while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  }
  return i;
}

/** Length of the common end of two texts, at most `limit` (so it never overlaps the common start). */
function commonSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  for (let step = 65536; step >= 1; step >>= 4) {
    while (i + step <= limit && a.slice(a.length - i - step, a.length - i) === b.slice(b.length - i - step, b.length - i)) i += step;
  }
  return i;
}
