/**
 * One canonical JSON for requests, shared by the response cache's key, the cache check's
 * fingerprint and the request snapshots: object keys sorted at every level, and media bytes
 * stood in for by their digest, so the same request always gives the same text and a text never
 * holds a file's content. The digest is injected: the core stays free of node:crypto.
 */

/** SHA-256 (hex) of text or bytes, as the caller computes it. */
export type Digest = (data: string | Uint8Array) => string;

/** The value with object keys sorted at every level (`undefined` members dropped as JSON.stringify does). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item);
    }
    return out;
  }
  return value;
}

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(sortKeys(value));
  // Only reachable for undefined, functions and symbols, which a request never holds.
  if (text === undefined) throw new TypeError(`canonicalJson: ${typeof value} has no JSON form`);
  return text;
}

/** The value with every byte array replaced by `{ sha256, length }`. */
export function withMediaDigests(value: unknown, digest: Digest): unknown {
  if (value instanceof Uint8Array) return { sha256: digest(value), length: value.byteLength };
  if (Array.isArray(value)) return value.map((item) => withMediaDigests(item, digest));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = withMediaDigests(item, digest);
    return out;
  }
  return value;
}
