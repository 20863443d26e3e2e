/**
 * The response cache's key: a digest of the final request exactly as it would be sent (model ID,
 * region, system, messages, tool config, inference config, cache points), with media bytes stood
 * in for by their own digest so a key never holds a file's content. The JSON is canonical (keys
 * sorted, no whitespace), so the same request always gives the same key and any change a new one.
 * The digest function is injected: the core stays free of node:crypto.
 */
import type { ConverseRequest } from './converseTypes';

/** Bumped whenever what goes into the key, or what an entry holds, changes meaning. */
export const RESPONSE_CACHE_FORMAT = 1;

/** SHA-256 (hex) of text or bytes, as the caller computes it. */
export type Digest = (data: string | Uint8Array) => string;

/** JSON with object keys sorted at every level; `undefined` members dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // Only reachable for undefined, functions and symbols, which a request never holds.
    if (text === undefined) throw new TypeError(`canonicalJson: ${typeof value} has no JSON form`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.keys(value).sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** The request with every byte array replaced by `{ sha256, length }`. */
function withMediaDigests(value: unknown, digest: Digest): unknown {
  if (value instanceof Uint8Array) return { sha256: digest(value), length: value.byteLength };
  if (Array.isArray(value)) return value.map((item) => withMediaDigests(item, digest));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = withMediaDigests(item, digest);
    return out;
  }
  return value;
}

/** The canonical text the key is the digest of (exposed for tests and for explaining a miss). */
export function responseCacheKeyText(request: ConverseRequest, region: string, digest: Digest): string {
  return canonicalJson({ format: RESPONSE_CACHE_FORMAT, region, request: withMediaDigests(request, digest) });
}

export function responseCacheKey(request: ConverseRequest, region: string, digest: Digest): string {
  return digest(responseCacheKeyText(request, region, digest));
}
