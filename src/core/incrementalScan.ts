/**
 * The scan of a text after an edit, from the scan before it. What the scanner finds depends only
 * on where `{{` and `}}` occur (every sequence it looks for — `\{{`, `{{{`, `{{!--`, `--}}`,
 * `}}}` — holds one of them and is at most five characters long), on raw `<<<dotprompt:…>>>`
 * markers and on the text inside mustaches. An edit outside every mustache with no `{{` or `}}`
 * within four characters of it, before or after, leaves every mustache and problem as it was,
 * shifted by the change in length. Typing into a 1 MB prompt is then a check of the edited
 * stretch, not a scan of the whole file; any other edit is scanned in full.
 */
import { scanBody, type ScanProblem, type ScanResult } from './scanner';

export interface ScanMemo {
  text: string;
  from: number;
  result: ScanResult;
  /** The text holds `<<<dotprompt:` somewhere after `from`: such edits are scanned in full. */
  raw: boolean;
}

const RAW_PREFIX = '<<<dotprompt:';
const SIGNIFICANT = /\{\{|\}\}/;
/** The longest sequence the scanner looks for, minus one. */
const REACH = 4;

/** Scans `text` from `from`, reusing `last` when the edit described by `change` allows it. */
export function rescan(last: ScanMemo | undefined, text: string, from: number, change: { prefix: number; suffix: number } | undefined): ScanMemo {
  const shifted = last && change ? shiftedScan(last, text, from, change) : undefined;
  if (shifted) return { text, from, result: shifted, raw: false };
  return { text, from, result: scanBody(text, from), raw: text.includes(RAW_PREFIX, from) };
}

function shiftedScan(last: ScanMemo, text: string, from: number, change: { prefix: number; suffix: number }): ScanResult | undefined {
  const old = last.text;
  if (last.from !== from || last.raw || change.prefix <= from) return undefined;
  const { prefix } = change;
  const oldEnd = old.length - change.suffix;
  const newEnd = text.length - change.suffix;
  // The edited stretch and what a sequence overlapping it could reach, before and after the edit.
  const lo = Math.max(from, prefix - REACH);
  if (SIGNIFICANT.test(old.slice(lo, oldEnd + REACH)) || SIGNIFICANT.test(text.slice(lo, newEnd + REACH))) return undefined;
  // A raw marker the edit completed would overlap the edited stretch.
  if (text.slice(Math.max(from, prefix - RAW_PREFIX.length), newEnd + RAW_PREFIX.length).includes(RAW_PREFIX)) return undefined;
  const { mustaches, problems, balanced } = last.result;
  // The first mustache that ends after the edit starts must also start after it ends.
  const first = firstEndingAfter(mustaches, prefix);
  if (first < mustaches.length && mustaches[first].start < oldEnd) return undefined;
  const delta = text.length - old.length;
  if (delta === 0) return last.result;
  const shiftedMustaches = mustaches.slice(0, first);
  for (let i = first; i < mustaches.length; i++) {
    const m = mustaches[i];
    shiftedMustaches.push({ ...m, start: m.start + delta, end: m.end + delta });
  }
  const shiftedProblems: ScanProblem[] = [];
  for (const p of problems) {
    if (p.start < prefix && p.end > prefix) return undefined;
    shiftedProblems.push(p.start >= prefix ? { ...p, start: p.start + delta, end: p.end + delta } : p);
  }
  return { mustaches: shiftedMustaches, problems: shiftedProblems, balanced };
}

function firstEndingAfter(mustaches: ScanResult['mustaches'], offset: number): number {
  let lo = 0;
  let hi = mustaches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mustaches[mid].end <= offset) lo = mid + 1; else hi = mid;
  }
  return lo;
}
