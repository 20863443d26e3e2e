/**
 * The response cache in a Redis server a team or CI shares (`redis://host:port/db`, `rediss://`
 * for TLS), through ioredis. Each entry expires by Redis's own per-key expiry; Redis's memory
 * policy does the eviction. The client never queues or retries: a server that is down, slow or
 * full fails the one command quickly, and the run goes to Bedrock.
 */
import Redis from 'ioredis';
import { decodeEntry, encodeEntry, isExpired, DEFAULT_RESPONSE_TTL_MS, type CachedResponse } from '../core/responseCacheEntry';
import { sha256 } from './fileResponseStore';
import { maskUrlCredentials, type ResponseStore, type ResponseStoreStats } from './responseStore';

const ENTRY_PREFIX = 'prompt-cache:response:';
const STATS_KEY = 'prompt-cache:response-stats';
export const DEFAULT_REDIS_TIMEOUT_MS = 1500;

export interface RedisStoreOptions {
  ttlMs?: number;
  /** Longest wait for connecting and for any one command. */
  timeoutMs?: number;
  warn?: (message: string) => void;
  now?: () => number;
}

export class RedisResponseStore implements ResponseStore {
  readonly description: string;
  private readonly client: Redis;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private connecting?: Promise<void>;

  constructor(url: string, private readonly options: RedisStoreOptions = {}) {
    this.description = maskUrlCredentials(url);
    this.ttlMs = options.ttlMs ?? DEFAULT_RESPONSE_TTL_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
    this.client = new Redis(url, {
      lazyConnect: true,
      connectTimeout: this.timeoutMs,
      commandTimeout: this.timeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      reconnectOnError: () => false,
    });
    // Errors reach the caller through the failed command; an unheard 'error' event would crash.
    this.client.on('error', () => undefined);
  }

  private async ready(): Promise<Redis> {
    // The connect timeout covers the TCP handshake only; a server too busy to answer the ready
    // check would otherwise hold the run for as long as it is busy.
    this.connecting ??= withTimeout(this.client.connect(), this.timeoutMs, 'connecting to Redis');
    await this.connecting;
    if (this.client.status !== 'ready') throw new Error(`the Redis connection is ${this.client.status}`);
    return this.client;
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const redis = await this.ready();
    const text = await redis.get(ENTRY_PREFIX + key);
    if (text === null) return undefined;
    const decoded = decodeEntry(key, text, sha256);
    if (!decoded.ok) {
      this.options.warn?.(`A response cache entry in Redis was unreadable (${decoded.reason}) and was removed; the request goes to Bedrock.`);
      await redis.del(ENTRY_PREFIX + key);
      return undefined;
    }
    // A TTL lowered since the entry was stored applies to it too.
    if (isExpired(decoded.entry, this.ttlMs, (this.options.now ?? Date.now)())) return undefined;
    return decoded.entry;
  }

  async put(key: string, entry: CachedResponse): Promise<void> {
    const redis = await this.ready();
    await redis.set(ENTRY_PREFIX + key, encodeEntry(key, entry, sha256), 'PX', this.ttlMs);
  }

  async recordHit(entry: CachedResponse): Promise<void> {
    const redis = await this.ready();
    await redis.multi().hincrby(STATS_KEY, 'hits', 1).hincrbyfloat(STATS_KEY, 'savedUSD', entry.costUSD).hincrby(STATS_KEY, 'savedMs', Math.round(entry.latencyMs)).exec();
  }

  async recordMiss(): Promise<void> {
    await (await this.ready()).hincrby(STATS_KEY, 'misses', 1);
  }

  private async entryKeys(): Promise<string[]> {
    const redis = await this.ready();
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${ENTRY_PREFIX}*`, 'COUNT', 500);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  }

  async stats(): Promise<ResponseStoreStats> {
    const redis = await this.ready();
    const counts = await redis.hgetall(STATS_KEY);
    const num = (v: string | undefined) => (v !== undefined && Number.isFinite(Number(v)) ? Number(v) : 0);
    const keys = await this.entryKeys();
    let storedBytes = 0;
    for (let i = 0; i < keys.length; i += 500) {
      const pipeline = redis.pipeline();
      for (const key of keys.slice(i, i + 500)) pipeline.strlen(key);
      for (const [error, size] of (await pipeline.exec()) ?? []) if (!error) storedBytes += Number(size) || 0;
    }
    return {
      hits: num(counts.hits), misses: num(counts.misses), entries: keys.length, storedBytes,
      savedUSD: num(counts.savedUSD), savedMs: num(counts.savedMs),
    };
  }

  async clear(): Promise<number> {
    const redis = await this.ready();
    const keys = await this.entryKeys();
    for (let i = 0; i < keys.length; i += 500) await redis.unlink(...keys.slice(i, i + 500));
    await redis.del(STATS_KEY);
    return keys.length;
  }

  async close(): Promise<void> {
    if (this.client.status === 'ready') await this.client.quit().catch(() => undefined);
    this.client.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, doing: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${doing}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
