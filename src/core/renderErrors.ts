/**
 * Turns what Handlebars and dotprompt throw into one finding-sized message at a line of the file.
 * Their messages count lines from the rendered fragment (or from the trimmed body dotprompt
 * renders), span several lines, and for a circular partial say only "Maximum call stack size
 * exceeded"; every caller (the analyzer's blocks, `export`, `run`) reports through here instead.
 */
export interface TemplateProblem {
  code: 'template-error' | 'helper-unknown' | 'schema-undeclared' | 'partial-circular' | 'partial-missing';
  /** 0-based line in the file. */
  line: number;
  message: string;
  /** For helper-unknown: the helper's name; for schema-undeclared: the schema's name. */
  name?: string;
}

/**
 * @param firstLine 0-based file line where the rendered text's line 1 is.
 * @param text the whole file, to find the line of a helper or schema named without a position.
 */
export function templateProblem(error: unknown, firstLine: number, text = ''): TemplateProblem {
  const raw = error instanceof Error ? error.message : String(error);
  const located = /line (\d+)/.exec(raw) ?? / - (\d+):(\d+)\s*$/.exec(raw);
  const at = firstLine + (located ? Number(located[1]) - 1 : 0);
  const helper = /unknown helper (\S+)/.exec(raw) ?? /Missing helper: "([^"]+)"/.exec(raw);
  if (helper) {
    const name = helper[1];
    return {
      code: 'helper-unknown', name, line: located ? at : lineOfHelper(text, name, firstLine),
      message: `Unknown helper "${name}": if your code registers it (defineHelper), declare it under "helpers" in prompt-cache.config.json (or the promptCache.helpers setting).`,
    };
  }
  const schema = /could not find schema with name '([^']+)'/.exec(raw);
  if (schema) {
    return {
      code: 'schema-undeclared', name: schema[1], line: lineOfWord(text, schema[1]) ?? firstLine,
      message: `Schema "${schema[1]}" is not declared: if your code defines it (defineSchema), declare it under "schemas" in prompt-cache.config.json.`,
    };
  }
  if (/Maximum call stack size exceeded/.test(raw)) {
    return { code: 'partial-circular', line: firstLine, message: 'A partial includes itself (directly or through other partials): the template can never finish rendering.' };
  }
  const partial = /The partial (\S+) could not be found/.exec(raw);
  if (partial) return { code: 'partial-missing', line: lineOfWord(text, partial[1]) ?? at, message: `Partial "${partial[1]}" not found.` };
  // Handlebars parse errors: "Parse error on line N:\n<context>\n---^\nExpecting …": the last line says what is wrong.
  const lines = raw.split('\n').map((l) => l.trim()).filter(Boolean);
  const detail = /^Parse error/.test(lines[0] ?? '') && lines.length > 1 ? lines.at(-1)! : (lines[0] ?? raw).replace(/ - \d+:\d+$/, '');
  return { code: 'template-error', line: at, message: `Template error: ${detail}` };
}

function lineOfHelper(text: string, name: string, fallback: number): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\{\\{~?[#^]?\\s*${escaped}[\\s}~]|\\(${escaped}[\\s)]`).exec(text);
  return match ? lineAt(text, match.index) : fallback;
}

function lineOfWord(text: string, word: string): number | undefined {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(^|[^\\w])${escaped}([^\\w]|$)`, 'm').exec(text);
  return match ? lineAt(text, match.index + match[1].length) : undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** 0-based file line of the first line dotprompt renders: it trims the body before rendering. */
export function renderedFirstLine(text: string, bodyStart: number): number {
  let i = bodyStart;
  while (i < text.length && /\s/.test(text[i])) i++;
  return lineAt(text, i);
}
