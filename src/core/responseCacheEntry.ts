/**
 * What the response cache keeps for one request, and its stored form. The stored text carries a
 * checksum of the entry, so a file cut short by a crash, a bit flip or a foreign value under our
 * key is recognised and never replayed. Pure: the digest function is injected.
 */
import type { BedrockUsage } from './usageMath';
import { RESPONSE_CACHE_FORMAT, type Digest } from './responseCacheKey';

export interface CachedResponse {
  /** The full answer text. */
  text: string;
  stopReason?: string;
  /** Usage as Bedrock reported it for the original call. */
  usage: BedrockUsage;
  /** The model actually invoked (a prompt router's choice), when Bedrock named one. */
  invokedModelId?: string;
  /** What the original call cost (USD), so a replay knows what it saved. */
  costUSD: number;
  /** ISO time the entry was stored. */
  storedAt: string;
  /** How long the original call took, in milliseconds. */
  latencyMs: number;
  timeToFirstTokenMs?: number;
}

interface StoredForm {
  format: number;
  key: string;
  sha256: string;
  /** The entry as JSON text: the checksum is over exactly these characters. */
  entry: string;
}

export function encodeEntry(key: string, entry: CachedResponse, digest: Digest): string {
  const text = JSON.stringify(entry);
  const stored: StoredForm = { format: RESPONSE_CACHE_FORMAT, key, sha256: digest(text), entry: text };
  return JSON.stringify(stored);
}

export type DecodeResult = { ok: true; entry: CachedResponse } | { ok: false; reason: string };

/** The entry stored under `key`, or why the stored text cannot be trusted. */
export function decodeEntry(key: string, stored: string, digest: Digest): DecodeResult {
  let form: Partial<StoredForm>;
  try {
    form = JSON.parse(stored) as Partial<StoredForm>;
  } catch {
    return { ok: false, reason: 'not valid JSON (cut short or overwritten)' };
  }
  if (!form || typeof form !== 'object') return { ok: false, reason: 'not an entry' };
  if (form.format !== RESPONSE_CACHE_FORMAT) return { ok: false, reason: `format ${String(form.format)}, expected ${RESPONSE_CACHE_FORMAT}` };
  if (form.key !== key) return { ok: false, reason: 'stored under another key' };
  if (typeof form.entry !== 'string' || form.sha256 !== digest(form.entry)) return { ok: false, reason: 'checksum mismatch' };
  let entry: CachedResponse;
  try {
    entry = JSON.parse(form.entry) as CachedResponse;
  } catch {
    return { ok: false, reason: 'entry is not valid JSON' };
  }
  if (typeof entry?.text !== 'string' || typeof entry.usage !== 'object' || entry.usage === null
    || typeof entry.storedAt !== 'string' || Number.isNaN(Date.parse(entry.storedAt))
    || typeof entry.latencyMs !== 'number' || typeof entry.costUSD !== 'number') {
    return { ok: false, reason: 'entry is missing fields' };
  }
  return { ok: true, entry };
}

/** True when the entry is older than `ttlMs` at `now`. */
export function isExpired(entry: CachedResponse, ttlMs: number, now: number): boolean {
  return now - Date.parse(entry.storedAt) >= ttlMs;
}

export const DEFAULT_RESPONSE_TTL_MS = 24 * 60 * 60 * 1000;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `15m`, `1h`, `7d` (or a bare number of seconds) to milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNITS[match[2] ?? 's'];
  return ms > 0 && Number.isFinite(ms) ? Math.round(ms) : undefined;
}
