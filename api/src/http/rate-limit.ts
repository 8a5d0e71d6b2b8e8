import type { RequestHandler } from 'express';
import { rateLimit, ipKeyGenerator, MemoryStore, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { RedisClientType } from 'redis';
import { isRedisOffline } from '../db/redis.ts';
import { TooManyRequestsError } from '../errors/domain-errors.ts';
import { logError } from '../core/loggable.ts';

export interface RateLimitOptions {
  windowMs: number;
  userMax: number;
  ipMax: number;
  redis?: RedisClientType | undefined;
  /** A Redis error other than Redis being away (that one the client's own error event reports). */
  onStoreError?: (error: unknown) => void;
}

/**
 * The shared budget in Redis, or this process's own while Redis cannot answer: a Redis outage
 * neither stalls a request (its commands fail fast, db/redis.ts) nor lifts the limits.
 */
class FallbackStore implements Store {
  private readonly local = new MemoryStore();

  constructor(
    private readonly shared: Store,
    private readonly onError: (error: unknown) => void,
  ) {}

  async init(options: Options): Promise<void> {
    this.local.init(options);
    await this.shared.init?.(options);
  }

  async increment(key: string): Promise<IncrementResponse> {
    try {
      return await this.shared.increment(key);
    } catch (error) {
      if (!isRedisOffline(error)) this.onError(error);
      return this.local.increment(key);
    }
  }

  async decrement(key: string): Promise<void> {
    await Promise.allSettled([this.shared.decrement(key), this.local.decrement(key)]);
  }

  async resetKey(key: string): Promise<void> {
    await Promise.allSettled([this.shared.resetKey(key), this.local.resetKey(key)]);
  }

  shutdown(): void {
    this.local.shutdown();
  }
}

function bearer(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)/i.exec(header) : null;
  return m?.[1];
}

function store(redis: RedisClientType | undefined, prefix: string, onError: (error: unknown) => void): Store | undefined {
  if (!redis) return undefined;
  return new FallbackStore(new RedisStore({ prefix, sendCommand: (...args: string[]) => redis.sendCommand(args) }), onError);
}

/**
 * draft-7 headers: draft-8's partition key costs a SHA-256 of the token on every request.
 * Budgets per token; per address only where there is no token (a whole school may share one
 * address). With Redis the budgets hold across API processes.
 */
export function rateLimits(o: RateLimitOptions): RequestHandler[] {
  const handler: Parameters<typeof rateLimit>[0] extends infer C ? (C extends { handler?: infer H } ? H : never) : never = (req, _res, next) => {
    const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : Math.ceil(o.windowMs / 1000);
    next(new TooManyRequestsError(seconds));
  };
  // One limiter, two budgets: a token's own, or its address's when there is no token.
  return [
    rateLimit({
      windowMs: o.windowMs,
      limit: (req) => (bearer(req.headers.authorization) ? o.userMax : o.ipMax),
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: (req) => {
        const token = bearer(req.headers.authorization);
        return token ? `token:${token}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
      },
      store: store(o.redis, 'et:rl:', o.onStoreError ?? logError('Rate-limit store')),
      // Should even the fallback fail, a request goes through rather than fail.
      passOnStoreError: true,
      handler,
    }),
  ];
}
