import type { Request, RequestHandler, Response } from 'express';
import { LRUCache } from 'lru-cache';

export interface OriginSource {
  /** Every tenant's allowed origins: a preflight carries no token, so any of them is answered. */
  allOrigins(): Promise<string[]>;
  /** The caller's tenant's allowed origins, for the actual response. */
  tenantOrigins(tenantId: string): Promise<string[]>;
}

const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key';
// Content-Disposition: the element names a downloaded export as the API does.
const EXPOSED_HEADERS = 'Retry-After, RateLimit, RateLimit-Policy, Location, Content-Disposition';

/** Caches origin lists briefly: a tenant's new origin works within `ttlMs`. */
export function cachedOrigins(source: { allOrigins(): Promise<string[]>; tenant(id: string): Promise<{ allowed_origins: string[] }> }, ttlMs = 10_000): OriginSource {
  const cache = new LRUCache<string, string[]>({ max: 10_000, ttl: ttlMs });
  return {
    async allOrigins() {
      const hit = cache.get('*');
      if (hit) return hit;
      const all = await source.allOrigins();
      cache.set('*', all);
      return all;
    },
    async tenantOrigins(tenantId) {
      const hit = cache.get(tenantId);
      if (hit) return hit;
      const list = (await source.tenant(tenantId)).allowed_origins;
      cache.set(tenantId, list);
      return list;
    },
  };
}

/** Answers preflights and opens responses to any tenant's origin, so errors (401) are readable. */
export function corsPreflight(origins: OriginSource): RequestHandler {
  return async (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    res.vary('Origin');
    const known = (await origins.allOrigins()).includes(origin);
    if (known) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (known) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, PUT, DELETE');
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
      }
      res.status(204).end();
      return;
    }
    next();
  };
}

/** After authentication: the response is readable only by the caller's own tenant's origins. */
export function corsForTenant(origins: OriginSource) {
  return async (req: Request, res: Response, principal: { tenantId: string }): Promise<void> => {
    const origin = req.headers.origin;
    if (origin && !(await origins.tenantOrigins(principal.tenantId)).includes(origin)) {
      res.removeHeader('Access-Control-Allow-Origin');
      res.removeHeader('Access-Control-Expose-Headers');
    }
  };
}
