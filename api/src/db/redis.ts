import { ClientClosedError, ClientOfflineError, createClient, type RedisClientType } from 'redis';

/**
 * How long any Redis command may take. A REST request never waits on Redis longer than this
 * (node-redis's own default is 5 s), and while Redis is away commands fail at once (no offline queue).
 */
export const REDIS_COMMAND_TIMEOUT_MS = 500;

/** A command refused because Redis is away: the connection's own error already said so. */
export function isRedisOffline(error: unknown): boolean {
  return error instanceof ClientOfflineError || error instanceof ClientClosedError;
}

/**
 * A connected Redis client that keeps reconnecting (backing off to 5 s) when Redis goes away, and
 * whose commands fail fast meanwhile: callers fall back (rate limits per process, live events on
 * this node) rather than wait.
 */
export async function connectRedis(url: string, onError: (error: unknown) => void): Promise<RedisClientType> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: REDIS_COMMAND_TIMEOUT_MS },
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(retries * 200, 5_000) },
  }) as RedisClientType;
  client.on('error', onError);
  await client.connect();
  return client;
}

/**
 * `client` as a library that drops the promises of its commands sees it (the Socket.io adapter's
 * `publish`): every rejection is handled, so a Redis outage is an error reported, never an
 * unhandled rejection. Callers that do await still receive the rejection.
 */
export function observed<C extends object>(client: C, onError: (error: unknown) => void): C {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) result.catch((error: unknown) => isRedisOffline(error) || onError(error));
        return result;
      };
    },
  });
}
