/**
 * What every response cache store offers (a folder of files, a Redis server), and which store a
 * setting or a `--response-cache` value names. Stores may throw on a fault (Redis down, slow or
 * full, a disk error); `ResponseCache` turns a fault into one warning and a plain Bedrock call.
 */
import type { CachedResponse } from '../core/responseCacheEntry';

export interface ResponseStoreStats {
  hits: number;
  misses: number;
  entries: number;
  storedBytes: number;
  /** What the replayed calls cost when they were made, in USD. */
  savedUSD: number;
  /** How long the replayed calls took when they were made, in milliseconds. */
  savedMs: number;
}

export interface ResponseStore {
  /** Where the entries live, safe to show (credentials masked). */
  readonly description: string;
  /** The entry under `key`; undefined when absent, expired or corrupt (a corrupt one is removed). */
  get(key: string): Promise<CachedResponse | undefined>;
  put(key: string, entry: CachedResponse): Promise<void>;
  recordHit(entry: CachedResponse): Promise<void>;
  recordMiss(): Promise<void>;
  stats(): Promise<ResponseStoreStats>;
  /** Removes every entry and the counters; returns how many entries went. */
  clear(): Promise<number>;
  close(): Promise<void>;
}

export type ResponseCacheSpec = { kind: 'off' } | { kind: 'file' } | { kind: 'redis'; url: string };

export class ResponseCacheSpecError extends Error {}

/** `off`, `file` or a `redis://` / `rediss://` URL. */
export function parseResponseCacheSpec(value: string): ResponseCacheSpec {
  const text = value.trim();
  if (text === '' || text === 'off') return { kind: 'off' };
  if (text === 'file') return { kind: 'file' };
  if (/^rediss?:\/\//i.test(text)) {
    try {
      new URL(text);
    } catch {
      throw new ResponseCacheSpecError(`the response cache URL is not a valid URL: ${maskUrlCredentials(text)}`);
    }
    return { kind: 'redis', url: text };
  }
  throw new ResponseCacheSpecError(`unknown response cache "${maskUrlCredentials(text)}": use off, file, or a redis://host:port/db (or rediss://) URL.`);
}

/** The URL with any password (and user name) masked, for messages and logs. */
export function maskUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/\s]*)@/i, (_, scheme: string) => `${scheme}[credentials]@`);
}

export interface UrlCredentials {
  /** The URL without user name and password. */
  url: string;
  username?: string;
  password?: string;
}

/** Splits the credentials off a URL (they go to secret storage, the rest to settings). */
export function splitUrlCredentials(url: string): UrlCredentials {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url };
  }
  const username = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), username, password };
}

/** Puts credentials back into a URL, for the connection only. */
export function withUrlCredentials(url: string, credentials: { username?: string; password?: string }): string {
  if (!credentials.username && !credentials.password) return url;
  const parsed = new URL(url);
  if (credentials.username) parsed.username = encodeURIComponent(credentials.username);
  if (credentials.password) parsed.password = encodeURIComponent(credentials.password);
  return parsed.toString();
}
