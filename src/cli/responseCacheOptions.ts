/**
 * The response cache flags shared by `run` and `response-cache`: which store
 * (`--response-cache off|file|redis://…`, or the PROMPT_CACHE_RESPONSE_CACHE variable so a CI job
 * can keep a Redis password out of its command lines), its TTL, and `--no-response-cache`.
 */
import { parseDuration, DEFAULT_RESPONSE_TTL_MS } from '../core/responseCacheEntry';
import { openResponseStore, ResponseCache } from '../node/responseCache';
import { parseResponseCacheSpec, ResponseCacheSpecError, type ResponseCacheSpec, type ResponseStore } from '../node/responseStore';
import { UsageError } from './usageError';

export const RESPONSE_CACHE_OPTIONS = {
  'response-cache': { type: 'string' },
  'response-cache-ttl': { type: 'string' },
  'no-response-cache': { type: 'boolean' },
} as const;

export interface ResponseCacheValues {
  'response-cache'?: string;
  'response-cache-ttl'?: string;
  'no-response-cache'?: boolean;
}

export const RESPONSE_CACHE_ENV = 'PROMPT_CACHE_RESPONSE_CACHE';

export function responseCacheSpec(values: ResponseCacheValues): ResponseCacheSpec {
  if (values['no-response-cache']) return { kind: 'off' };
  try {
    return parseResponseCacheSpec(values['response-cache'] ?? process.env[RESPONSE_CACHE_ENV] ?? 'off');
  } catch (error) {
    if (error instanceof ResponseCacheSpecError) throw new UsageError(`--response-cache: ${error.message}`);
    throw error;
  }
}

export function responseCacheTtl(values: ResponseCacheValues): number {
  const text = values['response-cache-ttl'];
  if (text === undefined) return DEFAULT_RESPONSE_TTL_MS;
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`--response-cache-ttl: "${text}" is not a duration (e.g. 90s, 15m, 1h, 7d).`);
  return ms;
}

const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);

export function openCliStore(values: ResponseCacheValues, workspaceRoot: string): Promise<ResponseStore | undefined> {
  return openResponseStore(responseCacheSpec(values), { workspaceRoot, ttlMs: responseCacheTtl(values), warn });
}

/** The run's response cache, or undefined when off. */
export async function openCliResponseCache(values: ResponseCacheValues, workspaceRoot: string, options: { bypass?: boolean } = {}): Promise<ResponseCache | undefined> {
  const store = await openCliStore(values, workspaceRoot);
  return store && new ResponseCache(store, { warn, bypass: options.bypass });
}
