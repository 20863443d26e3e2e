// Cache entries keyed by (model base ID, prefix hash). Expiry is sliding: a hit restarts the TTL.
import type { EmulatorClock } from './clock';

export const TTL_MS: Readonly<Record<'5m' | '1h', number>> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

interface Entry {
  readonly tokens: number;
  readonly ttl: '5m' | '1h';
  expiresAt: number;
}

export interface CacheEntryView {
  readonly modelId: string;
  readonly prefixHash: string;
  readonly tokens: number;
  readonly ttl: '5m' | '1h';
  readonly expiresAt: string;
}

export class CacheStore {
  private readonly entries = new Map<string, Entry & { modelId: string; prefixHash: string }>();

  /** Base IDs of models that cache on their own, without cache points (off by default). */
  private readonly implicitModels = new Set<string>();

  constructor(private readonly clock: EmulatorClock) {}

  /** Turns implicit caching on or off for a model (newer Claude and Nova models may do it). */
  setImplicitCaching(modelId: string, on: boolean): void {
    if (on) this.implicitModels.add(modelId);
    else this.implicitModels.delete(modelId);
  }

  implicitCaching(modelId: string): boolean {
    return this.implicitModels.has(modelId);
  }

  private key(modelId: string, prefixHash: string): string {
    return `${modelId}\u0000${prefixHash}`;
  }

  /** True when a live entry exists; a hit slides its expiry forward by its own TTL. */
  hit(modelId: string, prefixHash: string): boolean {
    const key = this.key(modelId, prefixHash);
    const entry = this.entries.get(key);
    if (!entry) return false;
    const now = this.clock.now();
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return false;
    }
    entry.expiresAt = now + TTL_MS[entry.ttl];
    return true;
  }

  has(modelId: string, prefixHash: string): boolean {
    const entry = this.entries.get(this.key(modelId, prefixHash));
    return entry !== undefined && entry.expiresAt > this.clock.now();
  }

  write(modelId: string, prefixHash: string, tokens: number, ttl: '5m' | '1h'): void {
    this.entries.set(this.key(modelId, prefixHash), { modelId, prefixHash, tokens, ttl, expiresAt: this.clock.now() + TTL_MS[ttl] });
  }

  list(): CacheEntryView[] {
    const now = this.clock.now();
    return [...this.entries.values()]
      .filter((e) => e.expiresAt > now)
      .map((e) => ({ modelId: e.modelId, prefixHash: e.prefixHash, tokens: e.tokens, ttl: e.ttl, expiresAt: new Date(e.expiresAt).toISOString() }));
  }

  clear(): void {
    this.entries.clear();
    this.implicitModels.clear();
  }
}
