/**
 * Quick fixes for `cache-volatile-content`: move the line after the last cache point (preferred),
 * or add the input to `cache.stable` when its value really stays the same.
 */
import type { Analysis, Finding } from './analysis';
import { addToStableEdit, type QuickFix, type TextEdit } from './planner/cachePointFixes';

/** Lines that carry structure of their own: moving them would change more than the content. */
const STRUCTURE = /\{\{~?\s*(#|\/|else\b|role\b|cachePoint\b|history\b|section\b|media\b)/;

export function volatileQuickFixes(finding: Finding, analysis: Analysis, text?: string): QuickFix[] {
  if (!text) return [];
  const fixes: QuickFix[] = [];
  const move = moveAfterLastPoint(finding.range.start.line, analysis, text);
  if (move) fixes.push(move);
  const name = finding.input;
  if (name && !analysis.config.stable.includes(name) && !finding.message.startsWith('{{json')) {
    fixes.push({ title: `Mark ${name} as stable (cache.stable)`, isPreferred: fixes.length === 0, edits: [addToStableEdit(analysis, name, text)] });
  }
  return fixes;
}

function moveAfterLastPoint(line: number, analysis: Analysis, text: string): QuickFix | undefined {
  const body = analysis.cachePoints.filter((p) => p.field !== 'tools');
  const last = Math.max(-1, ...body.map((p) => p.range.end.line));
  const lines = text.split(/\r\n|\r|\n/);
  const content = lines[line];
  if (last < 0 || line >= last || content === undefined || STRUCTURE.test(content)) return undefined;
  const at = (l: number) => ({ line: l, character: 0 });
  const edits: TextEdit[] = [
    { range: { start: at(line), end: at(line + 1) }, newText: '' },
    { range: { start: at(last + 1), end: at(last + 1) }, newText: `${content}\n` },
  ];
  return { title: `Move line ${line + 1} after the last cache point (line ${last + 1})`, isPreferred: true, edits };
}
