/**
 * The prefix lock: for each prompt and each cache point, a hash of the rendered prefix up to that
 * point, taken from the Converse request itself (tools → system → messages, as Bedrock reads it),
 * with the model, the estimated prefix tokens and the template line. Written sorted with fixed key
 * order and LF line ends, so the same content gives the same file on every machine. Pure: the
 * hash function is passed in.
 */
import type { Analysis } from './analysis';
import type { BuiltRequest } from './converseRequest';
import type { ConverseContentBlock, ConverseRequest } from './converseTypes';
import {
  fingerprintText, normalizeEol, parseFingerprint, templateFingerprints, type Fingerprint, type HashFn,
} from './prefixFingerprints';
import type { PartialSource } from './renderer';

export type { HashFn } from './prefixFingerprints';

export const LOCK_FILE_NAME = 'prompt-cache.lock.json';
export const LOCK_VERSION = 1;

/** What changing inputs render as while locking: a fixed text, so they never move a hash. */
export const CHANGING_PLACEHOLDER = '⟨changing input⟩';

export interface LockedPoint {
  /** 1-based template line of the `{{cachePoint}}` (for the tools point: the `cache.tools` key). */
  line: number;
  /** `sha256:` + hex of the prefix up to this point. */
  hash: string;
  prefixTokens: number;
  ttl: '5m' | '1h';
}

export interface LockedPrompt {
  model: string;
  cachePoints: LockedPoint[];
  /** Per-line fingerprints up to the last point (`line:hash`), to name the first changed line. */
  lines: string[];
}

export interface PrefixLock {
  version: number;
  /** Keyed by the prompt's path relative to the workspace root, with `/`. */
  prompts: Record<string, LockedPrompt>;
}

export interface LockEntryInput {
  built: BuiltRequest;
  analysis: Analysis;
  /** The model as the lock names it (the request ID). */
  model: string;
  text: string;
  partials: PartialSource;
  /** The inputs the request was rendered with (stable values and placeholders). */
  inputs: Record<string, unknown>;
  hash: HashFn;
}

/** One request element in Bedrock's order, as the bytes it contributes to a prefix. */
function elements(request: ConverseRequest, hash: HashFn): { key: string; point?: string }[] {
  const out: { key: string; point?: string }[] = [];
  const add = (where: string, path: string, block: object) => {
    if ('cachePoint' in block) out.push({ key: '', point: path });
    else out.push({ key: `${where}\u0000${serialize(block as ConverseContentBlock, hash)}` });
  };
  request.toolConfig?.tools.forEach((tool, i) => add('tool', `toolConfig.tools.${i}`, tool));
  request.system?.forEach((block, i) => add('system', `system.${i}`, block));
  request.messages.forEach((message, m) => message.content.forEach((block, c) => add(`${message.role}#${m}`, `messages.${m}.content.${c}`, block)));
  return out;
}

/** Text with LF line ends; media bytes by their hash, so the serialized form stays small. */
function serialize(block: ConverseContentBlock, hash: HashFn): string {
  return JSON.stringify(block, (_key, value: unknown) =>
    value instanceof Uint8Array ? `bytes:${hash(value)}` : typeof value === 'string' ? normalizeEol(value) : value);
}

export function lockEntry(input: LockEntryInput): LockedPrompt {
  const { built, analysis, hash } = input;
  const sites = new Map(built.sites.map((s) => [s.path, s]));
  const items = elements(built.request, hash);
  const points: LockedPoint[] = [];
  const prefix: string[] = [];
  for (const item of items) {
    if (!item.point) { prefix.push(item.key); continue; }
    const site = sites.get(item.point);
    const point = site?.cachePointIndex !== undefined ? analysis.cachePoints[site.cachePointIndex] : undefined;
    const line = point ? point.range.start.line : site?.line ?? 0;
    points.push({
      line: line + 1,
      hash: `sha256:${hash(prefix.join('\u0001'))}`,
      prefixTokens: point?.prefixTokens ?? 0,
      ttl: point?.ttl === '1h' ? '1h' : '5m',
    });
  }
  const tools = built.request.toolConfig?.tools.filter((t) => !('cachePoint' in t));
  const fingerprints = templateFingerprints({
    text: input.text, analysis, partials: input.partials, hash, stableValues: input.inputs,
    toolsJson: tools && tools.length > 0 ? JSON.stringify(tools) : undefined,
  });
  return { model: input.model, cachePoints: points, lines: fingerprints.map(fingerprintText) };
}

export function lockedFingerprints(entry: LockedPrompt): Fingerprint[] {
  return entry.lines.map(parseFingerprint).filter((f): f is Fingerprint => f !== undefined);
}

/** The lock as written: prompts sorted by path, keys in a fixed order, two-space indent, final LF. */
export function serializeLock(lock: PrefixLock): string {
  const prompts: Record<string, LockedPrompt> = {};
  for (const file of Object.keys(lock.prompts).sort()) {
    const p = lock.prompts[file];
    prompts[file] = {
      model: p.model,
      cachePoints: p.cachePoints.map((c) => ({ line: c.line, hash: c.hash, prefixTokens: c.prefixTokens, ttl: c.ttl })),
      lines: [...p.lines],
    };
  }
  return JSON.stringify({ version: LOCK_VERSION, prompts }, null, 2) + '\n';
}

export class LockFormatError extends Error {}

/** Reads a lock, naming the key that is wrong rather than failing later on a missing field. */
export function parseLock(text: string, name = LOCK_FILE_NAME): PrefixLock {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LockFormatError(`${name} is not valid JSON (${(error as Error).message}): run \`prompt-cache lock\` to write it again.`);
  }
  const bad = (key: string, what: string) => new LockFormatError(`${name}: ${key} ${what}; run \`prompt-cache lock\` to write it again.`);
  if (!isObject(data)) throw bad('the top level', 'is not an object');
  if (data.version !== LOCK_VERSION) throw bad('version', `is ${JSON.stringify(data.version)}, this version reads ${LOCK_VERSION}`);
  if (!isObject(data.prompts)) throw bad('prompts', 'is not an object');
  const prompts: Record<string, LockedPrompt> = {};
  for (const [file, value] of Object.entries(data.prompts)) {
    const at = `prompts["${file}"]`;
    if (!isObject(value)) throw bad(at, 'is not an object');
    if (typeof value.model !== 'string') throw bad(`${at}.model`, 'is not a string');
    if (!Array.isArray(value.cachePoints)) throw bad(`${at}.cachePoints`, 'is not a list');
    if (!Array.isArray(value.lines) || !value.lines.every((l) => typeof l === 'string')) throw bad(`${at}.lines`, 'is not a list of strings');
    const points = value.cachePoints.map((p, i) => {
      if (!isObject(p) || typeof p.line !== 'number' || typeof p.hash !== 'string' || typeof p.prefixTokens !== 'number') {
        throw bad(`${at}.cachePoints[${i}]`, 'needs line, hash and prefixTokens');
      }
      return { line: p.line, hash: p.hash, prefixTokens: p.prefixTokens, ttl: p.ttl === '1h' ? '1h' as const : '5m' as const };
    });
    prompts[file] = { model: value.model, cachePoints: points, lines: value.lines as string[] };
  }
  return { version: LOCK_VERSION, prompts };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
