import { createClient, type RedisClientType } from 'redis';

/** A connected Redis client that keeps reconnecting (backing off to 5 s) when Redis goes away. */
export async function connectRedis(url: string, onError: (error: unknown) => void): Promise<RedisClientType> {
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(retries * 200, 5_000) } }) as RedisClientType;
  client.on('error', onError);
  await client.connect();
  return client;
}
