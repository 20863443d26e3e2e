/**
 * The response cache's key: a digest of the final request exactly as it would be sent (model ID,
 * region, system, messages, tool config, inference config, cache points), with media bytes stood
 * in for by their own digest so a key never holds a file's content. The JSON is canonical (keys
 * sorted, no whitespace), so the same request always gives the same key and any change a new one.
 * The digest function is injected: the core stays free of node:crypto.
 */
import { canonicalJson, withMediaDigests, type Digest } from './canonicalJson';
import type { ConverseRequest } from './converseTypes';

/** Bumped whenever what goes into the key, or what an entry holds, changes meaning. */
export const RESPONSE_CACHE_FORMAT = 1;

export { canonicalJson, type Digest } from './canonicalJson';

/** The canonical text the key is the digest of (exposed for tests and for explaining a miss). */
/**
 * @param endpoint a custom endpoint (a proxy, the local emulator): its answers are kept apart, so an
 *   emulator's reply is never played back as Bedrock's.
 */
export function responseCacheKeyText(request: ConverseRequest, region: string, digest: Digest, endpoint?: string): string {
  return canonicalJson({ format: RESPONSE_CACHE_FORMAT, region, ...(endpoint ? { endpoint } : {}), request: withMediaDigests(request, digest) });
}

export function responseCacheKey(request: ConverseRequest, region: string, digest: Digest, endpoint?: string): string {
  return digest(responseCacheKeyText(request, region, digest, endpoint));
}
