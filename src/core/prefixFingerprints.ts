/**
 * Where a cached prefix first changed, in template lines. The prefix hash (prefixLock.ts) says
 * *whether* a prefix changed; these short per-line fingerprints say *where*: one for the tools
 * list, then one per template line up to the last cache point, each covering the line's text, the
 * stable inputs it reads and the partials it includes, so an edit inside a partial or a new
 * `input.default` shows on the line that brings it in. Pure: the hash function is passed in.
 */
import type { Analysis } from './analysis';
import { LineIndex } from './lineIndex';
import { partialBody, type PartialSource } from './renderer';
import { scanBody, variablesOf } from './scanner';

export type HashFn = (data: string | Uint8Array) => string;

/** One piece of the template in prefix order: `line` is 1-based, `hash` short. */
export interface Fingerprint {
  line: number;
  hash: string;
  /** `tools` for the tools list, `text` for a template line. */
  kind: 'tools' | 'text';
}

const SHORT = 12;
const MAX_PARTIAL_DEPTH = 8;

/** CRLF and lone CR become LF: a checkout with other line endings must lock the same. */
export function normalizeEol(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export interface FingerprintInput {
  text: string;
  analysis: Pick<Analysis, 'cachePoints' | 'config' | 'keyLines' | 'frontmatterEndLine'>;
  /** The tools list exactly as the request sends it (order and key order kept), or undefined. */
  toolsJson?: string;
  partials: PartialSource;
  /** The values the stable inputs were rendered with (defaults or fixtures). */
  stableValues: Record<string, unknown>;
  hash: HashFn;
}

export function templateFingerprints(input: FingerprintInput): Fingerprint[] {
  const { text, analysis, hash } = input;
  const out: Fingerprint[] = [];
  if (input.toolsJson !== undefined) {
    const keys = analysis.keyLines ?? {};
    const line = keys['bedrock.tools'] ?? keys.tools ?? keys.bedrock ?? 0;
    out.push({ line: line + 1, kind: 'tools', hash: hash(normalizeEol(input.toolsJson)).slice(0, SHORT) });
  }
  const lastPoint = Math.max(-1, ...analysis.cachePoints.filter((p) => p.field !== 'tools').map((p) => p.range.start.line));
  if (lastPoint < 0) return out;
  const lines = new LineIndex(text);
  const bodyLine = analysis.frontmatterEndLine + 1;
  const bodyStart = bodyLine < lines.lineCount ? lines.lineStart(bodyLine) : text.length;
  const extras = new Map<number, string[]>();
  const stable = new Set(analysis.config.stable);
  const values = input.stableValues;
  for (const m of scanBody(text, bodyStart).mustaches) {
    const line = lines.position(m.start).line;
    if (line > lastPoint) break;
    const parts = extras.get(line) ?? [];
    for (const name of variablesOf(m)) {
      // Changing inputs render as a fixed placeholder, so only stable values can move a prefix.
      if (!stable.has(name)) continue;
      const value = values[name];
      parts.push(`${name}=${JSON.stringify(typeof value === 'string' ? normalizeEol(value) : value ?? null)}`);
    }
    if (m.kind === 'partial') parts.push(`>${m.name}=${partialReach(m.name, input.partials, 0, new Set()).join('\u0000')}`);
    extras.set(line, parts);
  }
  for (let line = bodyLine; line <= lastPoint && line < lines.lineCount; line++) {
    const content = text.slice(lines.lineStart(line), lines.lineEnd(line)) + '\u0000' + (extras.get(line) ?? []).join('\u0000');
    out.push({ line: line + 1, kind: 'text', hash: hash(content).slice(0, SHORT) });
  }
  return out;
}

/** The partial's text and every partial it includes in turn (cycles and depth bounded). */
function partialReach(name: string, partials: PartialSource, depth: number, seen: Set<string>): string[] {
  if (seen.has(name) || depth > MAX_PARTIAL_DEPTH) return [];
  seen.add(name);
  const found = partials.read(name);
  if (!found.found) return [`missing:${name}`];
  const body = normalizeEol(partialBody(found.text));
  const out = [body];
  for (const m of scanBody(body, 0).mustaches) {
    if (m.kind === 'partial') out.push(...partialReach(m.name, partials, depth + 1, seen));
  }
  return out;
}

/** `12:abcdef…` — how fingerprints are written in the lock: one short string per line, diff-friendly. */
export function fingerprintText(f: Fingerprint): string {
  return `${f.line}:${f.kind === 'tools' ? 'tools:' : ''}${f.hash}`;
}

export function parseFingerprint(s: string): Fingerprint | undefined {
  const m = /^(\d+):(tools:)?([0-9a-f]+)$/.exec(s);
  return m ? { line: Number(m[1]), kind: m[2] ? 'tools' : 'text', hash: m[3] } : undefined;
}

/**
 * The first piece whose fingerprint differs, in the current template's lines; undefined when
 * none does. A piece inserted or deleted shifts everything after it, so the first mismatch in
 * order is the first change.
 */
export function firstDifference(locked: readonly Fingerprint[], current: readonly Fingerprint[]): Fingerprint | undefined {
  const n = Math.max(locked.length, current.length);
  for (let i = 0; i < n; i++) {
    const a = locked[i];
    const b = current[i];
    if (!a || !b || a.kind !== b.kind || a.hash !== b.hash) return b ?? current.at(-1) ?? a;
  }
  return undefined;
}
