/**
 * Finds the YAML frontmatter of a .prompt file and reads it into a PromptConfig, reporting each
 * problem at its line and key. Parsing uses the `yaml` library's document API because it keeps
 * source positions, which dotprompt's own parser drops.
 */
import { isMap, isScalar, parseDocument, visit, type Node, type Pair } from 'yaml';
import type { Finding } from './analysis';
import type { LineIndex } from './lineIndex';
import type { PromptConfig } from './promptConfig';
import { KeyReader, scalarKey } from './frontmatterKeys';

export interface FrontmatterSplit {
  /** Offsets in the document text; -1 when there is no frontmatter. */
  yamlStart: number;
  yamlEnd: number;
  /** 0-based line of the closing `---` (-1 when none). */
  endLine: number;
  /** Offset where the Handlebars body starts. */
  bodyStart: number;
  findings: Finding[];
}

const FENCE = /^---[ \t]*$/;
/** Lines Dotprompt skips before the opening fence: `# …` comments (licence headers) and blank lines. */
const PREAMBLE_LINE = /^(#.*|[ \t]*)$/;

/** 0-based line of the opening `---`, as Dotprompt finds it, or -1 when the file has no frontmatter. */
function openingFenceLine(text: string, lines: LineIndex, first: number): number {
  for (let line = 0; line < lines.lineCount; line++) {
    const content = text.slice(line === 0 ? first : lines.lineStart(line), lines.lineEnd(line)).replace(/\r$/, '');
    if (FENCE.test(content)) return line;
    if (!PREAMBLE_LINE.test(content)) return -1;
  }
  return -1;
}

export function splitFrontmatter(text: string, lines: LineIndex): FrontmatterSplit {
  const first = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const open = openingFenceLine(text, lines, first);
  if (open < 0) return { yamlStart: -1, yamlEnd: -1, endLine: -1, bodyStart: first, findings: [] };
  for (let line = open + 1; line < lines.lineCount; line++) {
    if (FENCE.test(text.slice(lines.lineStart(line), lines.lineEnd(line)))) {
      return {
        yamlStart: lines.lineStart(open + 1), yamlEnd: lines.lineStart(line), endLine: line,
        bodyStart: line + 1 < lines.lineCount ? lines.lineStart(line + 1) : text.length, findings: [],
      };
    }
  }
  // Unclosed: guess that the body starts at the first Handlebars line so the rest still gets lenses.
  let bodyLine = lines.lineCount;
  for (let line = open + 1; line < lines.lineCount; line++) {
    if (text.slice(lines.lineStart(line), lines.lineEnd(line)).trimStart().startsWith('{{')) { bodyLine = line; break; }
  }
  return {
    yamlStart: lines.lineStart(open + 1), yamlEnd: lines.lineStart(bodyLine), endLine: -1,
    bodyStart: bodyLine < lines.lineCount ? lines.lineStart(bodyLine) : text.length,
    findings: [{
      code: 'frontmatter-unclosed', severity: 'error', range: lines.lineRange(open),
      message: `The frontmatter opened with --- on line ${open + 1} is never closed: add a line with --- after the YAML.`,
    }],
  };
}

/**
 * The text as the installed dotprompt package should read it: its parser predates the rule that
 * licence comments and blank lines may precede the opening `---`, so that preamble is cut off
 * (the frontmatter would otherwise be rendered as user text).
 */
export function dotpromptSource(text: string): string {
  const match = /^\uFEFF?(?:(?:#[^\n]*|[ \t]*)\n)+(?=---[ \t]*\r?\n)/.exec(text);
  return match ? text.slice(match[0].length) : text;
}

export function emptyConfig(): PromptConfig {
  return { stable: [], toolNames: [], tools: [], inference: {}, additionalFields: {}, inputDefaults: {}, inputNames: [] };
}

export interface ParsedFrontmatter {
  config: PromptConfig;
  findings: Finding[];
  /** 0-based line of the `model:` key, for hovers and model findings. */
  modelLine?: number;
  /** 0-based line of each top-level key as written (dotted keys kept whole). */
  keyLines: Record<string, number>;
  /** 0-based line of each key under `config:`. */
  configKeyLines: Record<string, number>;
}

/** Keys repeated within one mapping, where the YAML library's uniqueKeys check would report them. */
function duplicateKeys(doc: ReturnType<typeof parseDocument>): { pos: number; message: string }[] {
  const found: { pos: number; message: string }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) found.push({ pos: pair.key.range?.[0] ?? 0, message: 'Map keys must be unique' });
        seen.add(pair.key.value);
      }
    },
  });
  return found;
}

export function parseFrontmatter(text: string, split: FrontmatterSplit, lines: LineIndex): ParsedFrontmatter {
  const config = emptyConfig();
  const findings: Finding[] = [];
  const keyLines: Record<string, number> = {};
  const configKeyLines: Record<string, number> = {};
  if (split.yamlStart < 0) return { config, findings, keyLines, configKeyLines };
  const source = text.slice(split.yamlStart, split.yamlEnd);
  // The YAML library's own duplicate-key check compares every key with every earlier one
  // (10,000 keys: seconds); the same check with a set per mapping is linear.
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: false });
  const at = (offset: number) => lines.range(split.yamlStart + offset, split.yamlStart + offset);
  const lineOf = (offset: number) => lines.position(split.yamlStart + offset).line;
  const errors = [...doc.errors.map((e) => ({ pos: e.pos[0], message: e.message })), ...duplicateKeys(doc)].sort((a, b) => a.pos - b.pos);
  for (const error of errors) {
    const line = lineOf(error.pos);
    findings.push({ code: 'yaml-invalid', severity: 'error', range: lines.lineRange(line), message: `Invalid YAML in the frontmatter (line ${line + 1}): ${firstLine(error.message)}` });
  }
  if (errors.length > 0) return { config, findings, keyLines, configKeyLines };
  if (doc.contents === null) return { config, findings, keyLines, configKeyLines };
  if (!isMap(doc.contents)) {
    findings.push({ code: 'frontmatter-not-map', severity: 'error', range: at(doc.contents.range?.[0] ?? 0), message: 'The frontmatter must be a YAML mapping of keys to values.' });
    return { config, findings, keyLines, configKeyLines };
  }
  const reader = new KeyReader(findings, (node) => {
    const start = node?.range?.[0] ?? 0;
    const end = node?.range?.[1] ?? start;
    return lines.range(split.yamlStart + start, split.yamlStart + end);
  });
  for (const pair of doc.contents.items as Pair<Node, Node>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (pair.key?.range) keyLines[key] = lineOf(pair.key.range[0]);
    if (key === 'config' && isMap(pair.value)) {
      for (const inner of pair.value.items as Pair<Node, Node>[]) if (inner.key?.range) configKeyLines[scalarKey(inner)] = lineOf(inner.key.range[0]);
    }
    reader.readTopLevel(key, pair, config);
  }
  return { config, findings, modelLine: keyLines.model, keyLines, configKeyLines };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
