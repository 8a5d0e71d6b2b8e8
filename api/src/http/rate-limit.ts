import type { RequestHandler } from 'express';
import { rateLimit, ipKeyGenerator, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { RedisClientType } from 'redis';
import { TooManyRequestsError } from '../errors/domain-errors.ts';

export interface RateLimitOptions {
  windowMs: number;
  userMax: number;
  ipMax: number;
  redis?: RedisClientType | undefined;
}

function bearer(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)/i.exec(header) : null;
  return m?.[1];
}

function store(redis: RedisClientType | undefined, prefix: string): Store | undefined {
  if (!redis) return undefined;
  return new RedisStore({ prefix, sendCommand: (...args: string[]) => redis.sendCommand(args) });
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
      store: store(o.redis, 'et:rl:'),
      // A Redis outage must not take the API down with it.
      passOnStoreError: true,
      handler,
    }),
  ];
}
