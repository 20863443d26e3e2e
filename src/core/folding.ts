/**
 * Folding ranges: the frontmatter, each role section (from its marker to the next one), block
 * helpers opened and closed on different lines, and multi-line comments. VS Code's folding
 * markers cannot say "until the next role", hence a provider.
 */
import type { LineIndex } from './lineIndex';
import type { Mustache } from './scanner';

export interface Fold {
  start: number;
  end: number;
  kind?: 'comment' | 'region';
}

export function foldingRanges(lines: LineIndex, mustaches: Mustache[], frontmatterEndLine: number): Fold[] {
  const folds: Fold[] = [];
  if (frontmatterEndLine > 0) folds.push({ start: 0, end: frontmatterEndLine });
  const lineOf = (offset: number) => lines.position(offset).line;
  const roles = mustaches.filter((m) => m.kind === 'role' && m.depth === 0).map((m) => lineOf(m.start));
  roles.forEach((line, i) => {
    const end = (i + 1 < roles.length ? roles[i + 1] : lines.lineCount) - 1;
    if (end > line) folds.push({ start: line, end: lastNonBlank(lines, line, end) });
  });
  const open: Mustache[] = [];
  for (const m of mustaches) {
    if (m.kind === 'blockOpen') open.push(m);
    else if (m.kind === 'blockClose') {
      const start = open.pop();
      if (start && lineOf(m.start) > lineOf(start.start)) folds.push({ start: lineOf(start.start), end: lineOf(m.start) });
    } else if (m.kind === 'comment' && lineOf(m.end) > lineOf(m.start)) {
      folds.push({ start: lineOf(m.start), end: lineOf(m.end), kind: 'comment' });
    }
  }
  return folds.sort((a, b) => a.start - b.start || b.end - a.end);
}

function lastNonBlank(lines: LineIndex, from: number, to: number): number {
  let line = to;
  while (line > from && lines.text.slice(lines.lineStart(line), lines.lineEnd(line)).trim() === '') line--;
  return line;
}
