/**
 * The volatile-content lint: before the last `{{cachePoint}}`, content that will differ between
 * calls or between checkouts, so the cached prefix is written again and never read:
 *  - inputs or helpers whose name or default value says time, date, UUID or request ID
 *    (`{{now}}`, `{{today}}`, `{{requestId}}`, a default like `2024-05-01T10:00:00Z`), unless the
 *    file marks them stable (`cache.stable`);
 *  - `{{json input}}`: JSON.stringify keeps the caller's key order, so equal data built in another
 *    order renders differently;
 *  - partials whose line endings differ from the prompt's, or whose lines end in whitespace that
 *    editors strip on save.
 * A date written in the text ("effective 2024-01-01") is a fixed fact and never flagged: only what
 * an input, a helper or a partial's bytes bring in can move.
 */
import type { Finding } from './analysis';
import type { LineIndex } from './lineIndex';
import type { PromptConfig } from './promptConfig';
import { partialBody, type PartialSource } from './renderer';
import { scanBody, variablesOf, type Mustache } from './scanner';

export const VOLATILE_CODE = 'cache-volatile-content';

const WORDS = new Set(['now', 'today', 'yesterday', 'tomorrow', 'timestamp', 'datetime', 'date', 'time', 'uuid', 'guid', 'nonce', 'random', 'epoch', 'clock']);
const JOINED = /^(request|req|trace|correlation|session|message|run|call)id$|^current(time|date)$|^timestamp$|^datetime$/;
/** Words that make a date or time word name a setting, not a moment. */
const SETTING = new Set(['zone', 'format', 'formats', 'out', 'limit', 'limits', 'window', 'budget', 'unit', 'units', 'style', 'locale']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const EPOCH_MS = /^1\d{12}$/;

/** Why a name reads as a moment or an ID, or undefined. */
export function volatileName(name: string): string | undefined {
  const words = name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).map((w) => w.toLowerCase()).filter(Boolean);
  if (words.some((w) => SETTING.has(w))) return undefined;
  // createdAt, updated_at, generatedAt: a moment by naming convention.
  if (words.length >= 2 && words.at(-1) === 'at' && words.at(-2)!.endsWith('ed')) return 'a date or time';
  for (let i = 0; i < words.length; i++) {
    if (WORDS.has(words[i])) return words[i] === 'uuid' || words[i] === 'guid' || words[i] === 'nonce' || words[i] === 'random' ? 'an ID' : 'a date or time';
    if (words[i + 1] !== undefined && JOINED.test(words[i] + words[i + 1])) return 'a request or trace ID';
    if (JOINED.test(words[i])) return 'a request or trace ID';
  }
  return JOINED.test(words.join('')) ? 'a request or trace ID' : undefined;
}

/** Why a default value looks like a moment or an ID (a plain date is a fact, not a moment). */
export function volatileValue(value: unknown): string | undefined {
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (s === undefined) return undefined;
  if (UUID.test(s)) return 'a UUID';
  if (DATE_TIME.test(s)) return 'a timestamp';
  if (EPOCH_MS.test(s)) return 'an epoch timestamp';
  return undefined;
}

export interface VolatileInput {
  text: string;
  lines: LineIndex;
  mustaches: readonly Mustache[];
  /** Offsets of the `{{cachePoint}}` markers in the body. */
  cachePointStarts: readonly number[];
  config: PromptConfig;
  partials: PartialSource;
}

export function volatileContentFindings(input: VolatileInput): Finding[] {
  const last = Math.max(-1, ...input.cachePointStarts);
  if (last < 0) return [];
  const { lines, config } = input;
  const stable = new Set(config.stable);
  // Only a partial include needs the file's line endings: a keystroke in a big file without one
  // should not scan the whole text for them.
  let eol: Eol | undefined;
  const fileEol = () => (eol ??= eolStyle(input.text, last));
  const out: Finding[] = [];
  const reported = new Set<string>();
  const add = (m: Mustache, message: string, inputName?: string) => {
    const key = `${m.start}\u0000${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    out.push({ code: VOLATILE_CODE, severity: 'warning', range: lines.range(m.start, m.end), message, ...(inputName ? { input: inputName } : {}) });
  };
  const after = `Move it after the last cache point (line ${lines.position(last).line + 1})`;
  for (const m of input.mustaches) {
    if (m.start >= last) break;
    if (m.kind === 'expr' && m.name === 'json' && m.params[0] && !m.inContextBlock) {
      const name = variablesOf(m)[0];
      if (name) {
        add(m, `{{json ${m.params[0]}}} renders the object's keys in the order the caller built them, so the same data can render differently from call to call and the prefix is written again. ` +
          `${after}, or pass it with sorted keys${stable.has(name) ? '' : ' and mark it stable'}.`, name);
      }
    }
    if (m.kind === 'expr' && m.params.length > 0 && !['json', 'if', 'unless', 'each', 'with', 'lookup', 'log', 'role', 'media', 'section', 'history', 'cachePoint'].includes(m.name)) {
      const why = volatileName(m.name);
      if (why) add(m, `The helper {{${m.name}}} looks like it produces ${why}, which changes between calls: the prefix this content sits in is written on every call and never read. ${after}.`);
    }
    for (const name of variablesOf(m)) {
      if (stable.has(name)) continue;
      const byName = volatileName(name);
      const byValue = volatileValue(config.inputDefaults[name]);
      if (byName || byValue) {
        const why = byName ? `its name says ${byName}` : `its default is ${byValue}`;
        add(m, `{{${name}}} changes between calls (${why}) and sits before a cache point: the prefix is written on every call and never read. ${after}, or add ${name} to cache.stable if its value really stays the same.`, name);
      }
    }
    if (m.kind === 'partial') {
      for (const problem of partialProblems(m.name, input.partials, fileEol(), stable)) add(m, problem.message, problem.input);
    }
  }
  return out;
}

type Eol = 'LF' | 'CRLF' | 'mixed' | 'none';

/** The line endings of `text` up to `end`, without copying or allocating. */
function eolStyle(text: string, end = text.length): Eol {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++; else lf++;
    if (crlf > 0 && lf > 0) return 'mixed';
  }
  if (crlf === 0 && lf === 0) return 'none';
  if (crlf > 0 && lf > 0) return 'mixed';
  return crlf > 0 ? 'CRLF' : 'LF';
}

/**
 * Line-ending and trailing-whitespace differences in a partial and the partials it includes, and
 * moment or ID inputs they read (reported on the include line: that is where the prompt takes them in).
 */
function partialProblems(name: string, partials: PartialSource, eol: Eol, stable: ReadonlySet<string>, seen = new Set<string>()): { message: string; input?: string }[] {
  if (seen.has(name) || seen.size > 16) return [];
  seen.add(name);
  const found = partials.read(name);
  if (!found.found) return [];
  const body = partialBody(found.text);
  const out: { message: string; input?: string }[] = [];
  const own = eolStyle(body);
  if (own === 'mixed' || (own !== 'none' && eol !== 'none' && own !== eol)) {
    out.push({ message: `The partial "${name}" has ${own === 'mixed' ? 'mixed' : own} line endings${own === 'mixed' ? '' : ` while this file has ${eol}`}: a checkout with other line-ending settings renders different bytes, so the cached prefix differs between machines. ` +
      'Give both the same line endings (a .gitattributes rule such as `*.prompt text eol=lf`).' });
  }
  const trailing = body.split(/\r?\n/).findIndex((line) => /[ \t]+$/.test(line));
  if (trailing >= 0) {
    out.push({ message: `Line ${trailing + 1} of the partial "${name}" ends in whitespace, which editors and formatters strip on save: the next save changes the cached prefix. Remove the trailing whitespace.` });
  }
  for (const m of scanBody(body, 0).mustaches) {
    if (m.kind === 'partial') out.push(...partialProblems(m.name, partials, eol, stable, seen));
    for (const variable of variablesOf(m)) {
      const why = stable.has(variable) ? undefined : volatileName(variable);
      if (why) {
        out.push({ input: variable, message: `The partial "${name}" reads {{${variable}}}, which changes between calls (its name says ${why}), before a cache point: the prefix is written on every call and never read. Move the include after the last cache point, or add ${variable} to cache.stable if its value really stays the same.` });
      }
    }
  }
  return out;
}
