/**
 * Writing a comparison's choice — model, cache strategy, TTL — into a .prompt file's frontmatter
 * as one text edit over the YAML lines, so applying it is one undo step. Each key is replaced
 * where the author wrote it (a top-level `model:` / `cache.strategy:` line, or a child of a nested
 * `cache:` map) and added before the closing `---` otherwise; the rest of the YAML is kept as is.
 */
import type { CacheTtl } from '../shared/usageRecord';
import { splitFrontmatter } from './frontmatter';
import { LineIndex } from './lineIndex';
import type { TextEdit } from './planner/cachePointFixes';
import type { Strategy } from './promptConfig';

export interface FrontmatterChoice {
  model: string;
  /** Omitted for the `none` row: the strategy key is left alone. */
  strategy?: Strategy;
  ttl?: CacheTtl;
}

/** The edit, or undefined when the frontmatter is not closed (the file must be fixed first). */
export function frontmatterSettingsEdit(text: string, choice: FrontmatterChoice): TextEdit | undefined {
  const index = new LineIndex(text);
  const split = splitFrontmatter(text, index);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const wanted: Array<[string, string]> = [['model', choice.model]];
  if (choice.strategy) wanted.push(['cache.strategy', choice.strategy]);
  if (choice.ttl) wanted.push(['cache.ttl', choice.ttl]);
  if (split.yamlStart < 0) {
    const at = { line: 0, character: 0 };
    return { range: { start: at, end: at }, newText: ['---', ...wanted.map(([k, v]) => `${k}: ${v}`), '---', ''].join(eol) };
  }
  if (split.endLine < 0) return undefined;
  const lines: string[] = [];
  for (let line = 1; line < split.endLine; line++) lines.push(text.slice(index.lineStart(line), index.lineEnd(line)));
  for (const [key, value] of wanted) setKey(lines, key, value);
  return {
    range: { start: { line: 1, character: 0 }, end: { line: split.endLine, character: 0 } },
    newText: lines.map((l) => l + eol).join(''),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A plain scalar when YAML reads it back as the same string, quoted otherwise. */
function scalar(value: string): string {
  return /^[A-Za-z0-9][\w.:/@-]*$/.test(value) && !/: /.test(value) ? value : JSON.stringify(value);
}

function setKey(lines: string[], key: string, value: string): void {
  const comment = (line: string) => /\s#.*$/.exec(line)?.[0] ?? '';
  const top = new RegExp(`^${escapeRegExp(key)}\\s*:(?:\\s|$)`);
  const at = lines.findIndex((l) => top.test(l));
  if (at >= 0) {
    lines[at] = `${key}: ${scalar(value)}${comment(lines[at])}`;
    return;
  }
  const dot = key.indexOf('.');
  if (dot > 0) {
    const parent = key.slice(0, dot);
    const child = key.slice(dot + 1);
    const open = lines.findIndex((l) => new RegExp(`^${escapeRegExp(parent)}\\s*:\\s*(#.*)?$`).test(l));
    if (open >= 0) {
      let end = open + 1;
      while (end < lines.length && (/^\s+\S/.test(lines[end]) || lines[end].trim() === '')) end++;
      const indent = /^(\s+)/.exec(lines.slice(open + 1, end).find((l) => l.trim() !== '') ?? '')?.[1] ?? '  ';
      const childAt = lines.slice(open + 1, end).findIndex((l) => new RegExp(`^${escapeRegExp(indent)}${escapeRegExp(child)}\\s*:(?:\\s|$)`).test(l));
      if (childAt >= 0) lines[open + 1 + childAt] = `${indent}${child}: ${scalar(value)}${comment(lines[open + 1 + childAt])}`;
      else lines.splice(open + 1, 0, `${indent}${child}: ${scalar(value)}`);
      return;
    }
  }
  lines.push(`${key}: ${scalar(value)}`);
}
