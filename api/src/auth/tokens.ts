import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Role, UserPrincipal } from './principal.ts';
import { ROLES } from './principal.ts';

const ISSUER = 'exercise-threads';
const AUDIENCE = 'exercise-threads-api';
// Pinned: a token announcing any other algorithm (none, RS256 with our secret as a key...) is refused.
const ALGORITHMS = ['HS256'];

export class InvalidTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'The token has expired.' : 'The token is not valid.');
  }
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
  expiresAt: number;
}

/**
 * User access tokens (JWT, HS256). Verified tokens are remembered until they expire: verifying
 * an HMAC on every request was the largest cost in the request path. The cache is keyed by the
 * exact token string, so a tampered token is never a hit.
 */
export class TokenService {
  private readonly key: Uint8Array;
  private readonly cache = new LRUCache<string, { principal: UserPrincipal; exp: number }>({ max: 20_000 });

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(user: { id: string; tenantId: string; role: Role }, ttlSeconds: number): Promise<IssuedToken> {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ tid: user.tenantId, role: user.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(this.key);
    return { token, expiresIn: ttlSeconds, expiresAt: now + ttlSeconds };
  }

  /** Returns the principal and the token's expiry (epoch seconds). */
  async verify(token: string): Promise<{ principal: UserPrincipal; exp: number }> {
    const cached = this.cache.get(token);
    const now = Date.now() / 1000;
    if (cached) {
      if (cached.exp > now) return cached;
      this.cache.delete(token);
      throw new InvalidTokenError('expired');
    }
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ALGORITHMS, issuer: ISSUER, audience: AUDIENCE });
      const role = payload.role as Role;
      if (typeof payload.sub !== 'string' || typeof payload.tid !== 'string' || !ROLES.includes(role) || typeof payload.exp !== 'number') {
        throw new InvalidTokenError('invalid');
      }
      const entry = { principal: { kind: 'user', tenantId: payload.tid, userId: payload.sub, role } as const, exp: payload.exp };
      this.cache.set(token, entry, { ttl: Math.max(1, (payload.exp - now) * 1000) });
      return entry;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('expired');
      throw new InvalidTokenError('invalid');
    }
  }
}
