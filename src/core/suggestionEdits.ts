/**
 * Inserting suggested cache points as exact text edits, each on its own line, and removing all
 * cache points: shared by the editor commands and `analyze --fix`.
 */
import type { Analysis } from './analysis';
import type { Suggestion } from './cachePlanner';
import { LineIndex } from './lineIndex';
import { removalEdit, type TextEdit } from './planner/cachePointFixes';

export function insertionEdit(suggestion: Pick<Suggestion, 'line' | 'insertText'>): TextEdit {
  const at = { line: suggestion.line, character: 0 };
  return { range: { start: at, end: at }, newText: `${suggestion.insertText}\n` };
}

export function removeAllEdits(analysis: Analysis, text: string): TextEdit[] {
  return analysis.cachePoints.map((point) => removalEdit(point, text));
}

/** Applies non-overlapping edits to a text (last first, so earlier offsets stay valid). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  // Lines as the editor and the analysis count them: \r\n, \r and \n all end one.
  const lines = new LineIndex(text);
  const offset = (p: { line: number; character: number }) =>
    p.line >= lines.lineCount ? text.length : Math.min(lines.lineStart(p.line) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  // Inserted lines take the file's own line ending, as an editor would, so no file ends up mixed.
  const eol = /\r\n/.test(text) ? '\r\n' : /\r(?!\n)/.test(text) && !text.includes('\n') ? '\r' : '\n';
  let out = text;
  for (const edit of sorted) {
    const start = offset(edit.range.start);
    const end = offset(edit.range.end);
    const newText = edit.newText.replace(/\r\n|\r|\n/g, eol);
    // A line inserted at the very end of a file without a final newline needs one first.
    const prefix = start === text.length && text.length > 0 && !/[\r\n]$/.test(text) && newText.endsWith(eol) ? eol : '';
    out = out.slice(0, start) + prefix + newText + out.slice(end);
  }
  return out;
}

/** A minimal unified diff of two texts, enough to show inserted and removed lines in context. */
export function unifiedDiff(file: string, before: string, after: string, context = 2): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // Longest common subsequence on lines; prompt files are small enough for the quadratic table.
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: { op: ' ' | '-' | '+'; line: string; ai: number; bi: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { ops.push({ op: ' ', line: a[i], ai: i++, bi: j++ }); }
    else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) { ops.push({ op: '+', line: b[j], ai: i, bi: j++ }); }
    else { ops.push({ op: '-', line: a[i], ai: i++, bi: j }); }
  }
  const out = [`--- ${file}`, `+++ ${file}`];
  for (let k = 0; k < ops.length; k++) {
    if (ops[k].op === ' ') continue;
    const start = Math.max(0, k - context);
    let end = k;
    while (end < ops.length && (ops[end].op !== ' ' || ops.slice(end, end + context * 2 + 1).some((o) => o.op !== ' '))) end++;
    end = Math.min(ops.length, end + context);
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((o) => o.op !== '+').length;
    const newCount = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${hunk[0].ai + 1},${oldCount} +${hunk[0].bi + 1},${newCount} @@`);
    for (const o of hunk) out.push(`${o.op}${o.line}`);
    k = end - 1;
  }
  return out.join('\n');
}
