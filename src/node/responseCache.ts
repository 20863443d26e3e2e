/**
 * The response cache as a run sees it: the key of a request, a look-up and a save that never
 * throw. Any store fault (Redis down, slow or full, a disk error) gives one warning and switches
 * the cache off for the rest of this cache's life, so the run goes to Bedrock exactly as if there
 * were no cache, and a slow server is not waited for again on every run of `--times N`.
 */
import type { ConverseRequest } from '../core/converseTypes';
import type { CachedResponse } from '../core/responseCacheEntry';
import { responseCacheKey } from '../core/responseCacheKey';
import { fileStoreFolder, FileResponseStore, sha256 } from './fileResponseStore';
import { maskUrlCredentials, type ResponseCacheSpec, type ResponseStore } from './responseStore';

export interface ResponseCacheOptions {
  /** Told once about the first fault, and about entries removed as corrupt. */
  warn: (message: string) => void;
  /** Do not replay (Run Prompt Fresh, Run N Times): the fresh answer still replaces the entry. */
  bypass?: boolean;
}

export class ResponseCache {
  private failed = false;

  constructor(readonly store: ResponseStore, private readonly options: ResponseCacheOptions) {}

  /** @param endpoint a custom endpoint's answers (the emulator's, a proxy's) are kept apart from Bedrock's. */
  key(request: ConverseRequest, region: string, endpoint?: string): string {
    return responseCacheKey(request, region, sha256, endpoint);
  }

  /** The stored answer to replay, or undefined (miss, bypass, fault). Counts the hit or miss. */
  async lookup(key: string): Promise<CachedResponse | undefined> {
    if (this.failed || this.options.bypass) return undefined;
    try {
      const entry = await this.store.get(key);
      if (entry) await this.store.recordHit(entry);
      else await this.store.recordMiss();
      return entry;
    } catch (error) {
      this.fault('reading', error);
      return undefined;
    }
  }

  async save(key: string, entry: CachedResponse): Promise<void> {
    if (this.failed) return;
    try {
      await this.store.put(key, entry);
    } catch (error) {
      this.fault('saving to', error);
    }
  }

  private fault(doing: string, error: unknown): void {
    this.failed = true;
    const reason = maskUrlCredentials((error as Error)?.message ?? String(error));
    this.options.warn(`The response cache (${this.store.description}) failed while ${doing} it (${reason}); the request goes to Bedrock without the response cache.`);
  }

  close(): Promise<void> {
    return this.store.close().catch(() => undefined);
  }
}

export interface OpenStoreOptions {
  /** Where `file` keeps its folder. */
  workspaceRoot: string;
  ttlMs?: number;
  maxBytes?: number;
  timeoutMs?: number;
  warn?: (message: string) => void;
}

/** The store a spec names, or undefined for `off`. Redis loads its client only when used. */
export async function openResponseStore(spec: ResponseCacheSpec, options: OpenStoreOptions): Promise<ResponseStore | undefined> {
  if (spec.kind === 'off') return undefined;
  if (spec.kind === 'file') return new FileResponseStore(fileStoreFolder(options.workspaceRoot), options);
  const { RedisResponseStore } = await import('./redisResponseStore');
  return new RedisResponseStore(spec.url, options);
}
