import { LRUCache } from 'lru-cache';
import type { RedisClientType } from 'redis';
import { connectRedis, REDIS_COMMAND_TIMEOUT_MS } from '../db/redis.ts';

export interface OEmbedCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  close(): Promise<void>;
}

/** One process: an LRU in memory. */
export function memoryCache(max = 5_000): OEmbedCache {
  const lru = new LRUCache<string, string>({ max });
  return {
    get: async (key) => lru.get(key),
    set: async (key, value, ttlSeconds) => void lru.set(key, value, { ttl: ttlSeconds * 1000 }),
    close: async () => lru.clear(),
  };
}

/**
 * Several processes share Redis. The client connects on first use; a Redis that is down makes
 * the cache miss, never the lookup fail.
 */
export function redisCache(url: string, onError: (error: unknown) => void, prefix = 'et:oembed:'): OEmbedCache {
  let client: RedisClientType | undefined;
  let connecting: Promise<RedisClientType | undefined> | undefined;
  const connect = () => {
    connecting ??= (async () => {
      try {
        const c = await connectRedis(url, onError);
        client = c;
        return c;
      } catch (error) {
        onError(error);
        connecting = undefined;
        return undefined;
      }
    })();
    return connecting;
  };
  // A first connection keeps retrying while Redis is away: a lookup waits for it no longer than for a command.
  const ready = async () =>
    client ?? (await Promise.race([connect(), new Promise<undefined>((resolve) => setTimeout(resolve, REDIS_COMMAND_TIMEOUT_MS))]));
  return {
    async get(key) {
      try {
        const c = await ready();
        return (await c?.get(prefix + key)) ?? undefined;
      } catch (error) {
        onError(error);
        return undefined;
      }
    },
    async set(key, value, ttlSeconds) {
      try {
        const c = await ready();
        await c?.set(prefix + key, value, { EX: Math.max(1, Math.round(ttlSeconds)) });
      } catch (error) {
        onError(error);
      }
    },
    async close() {
      const c = client;
      client = undefined;
      connecting = undefined;
      if (c?.isOpen) await c.quit();
    },
  };
}
