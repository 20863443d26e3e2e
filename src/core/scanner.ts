/**
 * Finds the Handlebars mustaches of a .prompt body with their offsets. It exists only to give
 * editor ranges (block boundaries, markers, variables); rendering is left to dotprompt.
 */
import type { CacheTtl } from '../shared/usageRecord';

export type MustacheKind =
  | 'role' | 'cachePoint' | 'section' | 'media' | 'history'
  | 'partial' | 'comment' | 'blockOpen' | 'blockClose' | 'else' | 'expr';

export interface Mustache {
  kind: MustacheKind;
  start: number;
  end: number;
  /** Helper or path name (`role`, `if`, `question`, partial name…). */
  name: string;
  /** Positional string/identifier arguments. */
  params: string[];
  /** Hash arguments (`ttl="1h"` → {ttl: '1h'}). */
  hash: Record<string, string>;
  /** Nesting depth of {{#…}} blocks around this mustache. */
  depth: number;
  /** Inside an {{#each}}/{{#with}} body, where bare paths refer to the item, not to inputs. */
  inContextBlock: boolean;
}

export interface ScanProblem {
  code: 'mustache-unclosed' | 'block-unclosed' | 'block-unexpected-close' | 'block-mismatch';
  start: number;
  end: number;
  message: string;
}

export interface ScanResult {
  mustaches: Mustache[];
  problems: ScanProblem[];
  /** False when {{#…}}/{{/…}} do not pair up; depth is then unreliable. */
  balanced: boolean;
}

/** Structural markers that end one block and start the next. */
export const STRUCTURAL: ReadonlySet<MustacheKind> = new Set(['role', 'cachePoint', 'section', 'media', 'history']);

/** Helpers that take inputs as arguments but are not inputs themselves. */
const BUILTIN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log', 'json', 'ifEquals', 'unlessEquals', 'role', 'history', 'section', 'media', 'cachePoint', 'else']);
const CONTEXT_BLOCKS = new Set(['each', 'with']);

export function scanBody(text: string, from: number, to: number = text.length): ScanResult {
  const mustaches: Mustache[] = [];
  const problems: ScanProblem[] = [];
  const stack: { name: string; start: number; end: number; context: boolean }[] = [];
  let balanced = true;
  const body = text.slice(0, to);
  const matcher = new MustacheMatcher(body);
  let match: { start: number; end: number } | null;
  let searchFrom = from;
  let next = from;
  while ((match = matcher.exec(next)) !== null) {
    const start = match.start;
    const end = match.end;
    next = end;
    if (body.charCodeAt(start) === 92) continue; // an escaped \{{
    // An unclosed `{{` swallows the next mustache's `{{`; report it where it starts. Comments
    // may hold `{{`; triple-stash never closed swallows the next `}}` just the same.
    const nested = body.indexOf('{{', start + 2);
    if (nested >= 0 && nested + 2 <= end - 2 && body.charCodeAt(start + 2) !== 33) {
      problems.push({ code: 'mustache-unclosed', start, end: start + 2, message: 'This {{ is never closed with }}.' });
      next = nested;
      continue;
    }
    const raw = body.slice(start, end);
    searchFrom = end;
    const inContextBlock = stack.some((b) => b.context);
    const depth = stack.length;
    const m = classifyMemo(raw, start, end, depth, inContextBlock);
    if (m.kind === 'blockOpen') stack.push({ name: m.name, start, end, context: CONTEXT_BLOCKS.has(m.name) });
    else if (m.kind === 'blockClose') {
      const open = stack.pop();
      if (!open) {
        balanced = false;
        problems.push({ code: 'block-unexpected-close', start, end, message: `{{/${m.name}}} closes a block that was never opened.` });
      } else if (open.name !== m.name) {
        balanced = false;
        problems.push({ code: 'block-mismatch', start, end, message: `{{/${m.name}}} closes {{#${open.name}}}, which needs {{/${open.name}}}.` });
      }
    }
    mustaches.push(m);
  }
  // Every `{{` left after the last match has no `}}` after it: each one is unclosed, as each one
  // before a `}}` is reported above.
  for (let rest = body.indexOf('{{', Math.max(searchFrom, matcher.closable)); rest >= 0; rest = body.indexOf('{{', rest + 2)) {
    if (body[rest - 1] === '\\') continue;
    problems.push({ code: 'mustache-unclosed', start: rest, end: rest + 2, message: 'This {{ is never closed with }}.' });
  }
  for (const open of stack) {
    balanced = false;
    problems.push({ code: 'block-unclosed', start: open.start, end: open.end, message: `{{#${open.name}}} is never closed: add {{/${open.name}}}.` });
  }
  if (!balanced) for (const m of mustaches) { m.depth = 0; m.inContextBlock = false; }
  const raw = body.includes(RAW_PREFIX, from) ? rawMarkers(body, from, mustaches) : [];
  return { mustaches: raw.length > 0 ? mergeByStart(mustaches, raw) : mustaches, problems, balanced };
}

const RAW_PREFIX = '<<<dotprompt:';
// The markers dotprompt's own helpers emit, written by hand: `<<<dotprompt:role:user>>>` splits
// messages exactly as `{{role "user"}}` does once rendered, so it is structure too.
const RAW_MARKER = /<<<dotprompt:(?:role:([a-z]+)(?: [^>]+)?|(history)|media:url (\S+?)(?: (\S+?))?|section (\S+?))>>>/g;

function rawMarkers(body: string, from: number, mustaches: Mustache[]): Mustache[] {
  const out: Mustache[] = [];
  let i = 0;
  let depthAfter = 0;
  let contextAfter = false;
  RAW_MARKER.lastIndex = from;
  for (let match = RAW_MARKER.exec(body); match; match = RAW_MARKER.exec(body)) {
    const start = match.index;
    // Mustaches before the marker set its depth; a marker inside a mustache (a comment) is text.
    while (i < mustaches.length && mustaches[i].end <= start) {
      const m = mustaches[i++];
      depthAfter = m.kind === 'blockOpen' ? m.depth + 1 : m.kind === 'blockClose' ? Math.max(0, m.depth - 1) : m.depth;
      contextAfter = m.inContextBlock || (m.kind === 'blockOpen' && (m.name === 'each' || m.name === 'with'));
    }
    if (i < mustaches.length && mustaches[i].start < start) continue;
    const base = { start, end: start + match[0].length, depth: depthAfter, inContextBlock: contextAfter, params: [] as string[], hash: {} as Record<string, string> };
    if (match[1]) out.push({ ...base, kind: 'role', name: 'role', params: [`"${match[1]}"`] });
    else if (match[2]) out.push({ ...base, kind: 'history', name: 'history' });
    else if (match[3]) out.push({ ...base, kind: 'media', name: 'media', hash: match[4] ? { url: match[3], contentType: match[4] } : { url: match[3] } });
    else out.push({ ...base, kind: 'section', name: 'section', params: [`"${match[5]}"`] });
  }
  return out;
}

function mergeByStart(a: Mustache[], b: Mustache[]): Mustache[] {
  const out: Mustache[] = [];
  let j = 0;
  for (const m of a) {
    while (j < b.length && b[j].start < m.start) out.push(b[j++]);
    out.push(m);
  }
  while (j < b.length) out.push(b[j++]);
  return out;
}

/**
 * Finds mustaches as the regular expression
 *   /\\\{\{|\{\{~?!--[\s\S]*?--~?\}\}|\{\{~?![\s\S]*?\}\}|\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g
 * would (escaped `\{{` first, comments, which may contain `}}`, then triple-stash, then any
 * mustache), but in linear time: the regular expression scans from every `{{` to the next `}}`,
 * so thousands of unclosed `{{` before one `}}` cost quadratic time. Here each closing sequence
 * is searched for with a finder that remembers its last answer, and the starts asked about only
 * grow, so every character is looked at a bounded number of times.
 */
export class MustacheMatcher {
  private readonly close: Finder;
  private readonly tripleClose: Finder;
  private readonly commentClose: Finder;
  private readonly commentTildeClose: Finder;
  private readonly open: Finder;
  /** Offset just past the last `}}`: no mustache ends after it. */
  readonly closable: number;

  constructor(private readonly text: string) {
    this.close = new Finder(text, '}}');
    this.tripleClose = new Finder(text, '}}}');
    this.commentClose = new Finder(text, '--}}');
    this.commentTildeClose = new Finder(text, '--~}}');
    this.open = new Finder(text, '{{');
    const last = text.lastIndexOf('}}');
    this.closable = last < 0 ? 0 : last + 2;
  }

  /** The first match starting at or after `from`, as `exec` of the regular expression with `lastIndex = from`. */
  exec(from: number): { start: number; end: number } | null {
    const t = this.text;
    const s = this.open.from(from);
    if (s < 0 || s + 2 > this.closable) return null;
    if (s - 1 >= from && t.charCodeAt(s - 1) === 92) return { start: s - 1, end: s + 2 };
    let body = s + 2;
    if (t.charCodeAt(body) === 126 && t.charCodeAt(body + 1) === 33) body++;
    if (t.charCodeAt(body) === 33) {
      if (t.startsWith('--', body + 1)) {
        const a = this.commentClose.from(body + 3);
        const b = this.commentTildeClose.from(body + 3);
        const e = a < 0 ? b : b < 0 ? a : Math.min(a, b);
        if (e >= 0) return { start: s, end: e + (e === a ? 4 : 5) };
      }
      const e = this.close.from(body + 1);
      if (e >= 0) return { start: s, end: e + 2 };
    }
    if (t.charCodeAt(s + 2) === 123) {
      const e = this.tripleClose.from(s + 3);
      if (e >= 0) return { start: s, end: e + 3 };
    }
    const e = this.close.from(s + 2);
    // No `}}` after this `{{` means none after any later one either: no match.
    return e >= 0 ? { start: s, end: e + 2 } : null;
  }
}

/** indexOf with a memory: asked from growing offsets, it scans the text once in all. */
class Finder {
  private askedFrom = -1;
  private found = -1;

  constructor(private readonly text: string, private readonly needle: string) {}

  from(offset: number): number {
    if (this.askedFrom >= 0 && offset >= this.askedFrom && (this.found < 0 || this.found >= offset)) return this.found;
    this.askedFrom = offset;
    this.found = this.text.indexOf(this.needle, offset);
    return this.found;
  }
}

/**
 * A partial's name as Handlebars reads it: `{{> "a/b"}}`, `{{> 'a/b'}}` and `{{> [a/b]}}` all name
 * `a/b`, so the file checked (and confined to the workspace) is the one the render would load.
 */
function partialName(text: string): string {
  const literal = /^(?:"([^"]*)"|'([^']*)'|\[([^\]]*)\])/.exec(text);
  if (literal) return literal[1] ?? literal[2] ?? literal[3] ?? '';
  return text.split(/\s+/)[0] ?? '';
}

/**
 * Mustaches repeat from keystroke to keystroke (and within a file): their kind, name and arguments
 * are parsed once per distinct text. Bounded, like every memo here.
 */
const classified = new Map<string, Pick<Mustache, 'kind' | 'name' | 'params' | 'hash'>>();
const CLASSIFIED_LIMIT = 20000;

function classifyMemo(raw: string, start: number, end: number, depth: number, inContextBlock: boolean): Mustache {
  let known = classified.get(raw);
  if (!known) {
    const { kind, name, params, hash } = classify(raw, start, end, depth, inContextBlock);
    known = { kind, name, params, hash };
    if (classified.size >= CLASSIFIED_LIMIT) classified.delete(classified.keys().next().value as string);
    classified.set(raw, known);
  }
  // Arguments are shared between mustaches of the same text: nothing downstream mutates them.
  return { kind: known.kind, name: known.name, params: known.params, hash: known.hash, start, end, depth, inContextBlock };
}

function classify(raw: string, start: number, end: number, depth: number, inContextBlock: boolean): Mustache {
  const base = { start, end, depth, inContextBlock, params: [] as string[], hash: {} as Record<string, string> };
  if (raw.startsWith('{{!') || raw.startsWith('{{~!')) return { ...base, kind: 'comment', name: '' };
  let inner = raw.startsWith('{{{') ? raw.slice(3, -3) : raw.slice(2, -2);
  inner = inner.replace(/^~/, '').replace(/~$/, '').trim();
  const sigil = inner[0];
  if (sigil === '>') return { ...base, kind: 'partial', name: partialName(inner.slice(1).trim()) };
  if (sigil === '#' || sigil === '^') {
    const words = tokenize(inner.slice(1).replace(/^>/, ''));
    return { ...base, kind: 'blockOpen', name: words[0] ?? '', ...args(words.slice(1)) };
  }
  if (sigil === '/') return { ...base, kind: 'blockClose', name: inner.slice(1).trim() };
  const words = tokenize(inner);
  const name = words[0] ?? '';
  if (name === 'else') return { ...base, kind: 'else', name, ...args(words.slice(1)) };
  const kind: MustacheKind = name === 'role' || name === 'cachePoint' || name === 'section' || name === 'media' || name === 'history' ? name : 'expr';
  return { ...base, kind, name, ...args(words.slice(1)) };
}

function tokenize(s: string): string[] {
  return s.match(/[\w@.$/-]+=(?:"[^"]*"|'[^']*'|\S+)|"[^"]*"|'[^']*'|\([^)]*\)|\S+/g) ?? [];
}

function args(words: string[]): { params: string[]; hash: Record<string, string> } {
  const params: string[] = [];
  const hash: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq > 0 && /^[\w@.$-]+$/.test(word.slice(0, eq))) hash[word.slice(0, eq)] = unquote(word.slice(eq + 1));
    else params.push(word);
  }
  return { params, hash };
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s;
}

export function isStringLiteral(word: string): boolean {
  return /^(["']).*\1$/.test(word);
}

/** Input names a mustache reads (its path, and identifier arguments of helpers). */
export function variablesOf(m: Mustache): string[] {
  if (m.kind !== 'expr' && m.kind !== 'blockOpen' && m.kind !== 'else') return [];
  const words: string[] = [];
  if (m.kind === 'expr' && !BUILTIN_HELPERS.has(m.name) && m.params.length === 0) words.push(m.name);
  // `{{upper food}}`: a helper's arguments are inputs, whether the helper is built in or registered in code.
  if (m.kind === 'expr' && m.params.length > 0) words.push(...m.params);
  if (m.kind === 'blockOpen' || m.kind === 'else') words.push(...m.params);
  words.push(...Object.values(m.hash).filter(() => false));
  const names: string[] = [];
  for (const word of words) {
    if (isStringLiteral(word) || /^-?\d/.test(word) || word === 'true' || word === 'false' || word === 'null' || word === 'undefined') continue;
    if (word.startsWith('@') || word.startsWith('this') || word.startsWith('.') || word.startsWith('(')) continue;
    const head = word.split(/[./]/)[0];
    if (head && !names.includes(head)) names.push(head);
  }
  return m.inContextBlock && m.kind === 'expr' ? [] : names;
}

export function cachePointTtl(m: Mustache): CacheTtl | string | undefined {
  return m.hash.ttl;
}
