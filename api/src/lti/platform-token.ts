import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { z } from 'zod';
import { PlatformServiceError, platformFetch } from './platform-service-error.ts';

/** What a token request needs of a registration. */
export interface TokenPlatform {
  id: string;
  client_id: string;
  token_url: string;
}

export interface AssertionSigner {
  sign(payload: JWTPayload, ttlSeconds: number): Promise<string>;
}

export interface PlatformTokensOptions {
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional(),
});

const ASSERTION_TTL_SECONDS = 5 * 60;
// A token about to expire may die on the way to the platform: ask for a new one this early.
const EARLY_SECONDS = 10;
// RFC 6749 makes expires_in optional: assume an hour, the common default (Canvas, Moodle).
const DEFAULT_TTL_SECONDS = 3600;

interface Cached {
  token: string;
  expiresAt: number;
}

/**
 * OAuth 2 access tokens for a platform's LTI Advantage services: the client-credentials grant,
 * authenticated by a JWT client assertion the tool signs with its own key (RFC 7523, as the
 * 1EdTech Security Framework §4.1 asks; the platform verifies it against the tool's /lti/jwks).
 * One token per platform and scope set, reused until shortly before it expires; concurrent
 * callers share one request.
 */
export class PlatformTokens {
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<Cached>>();
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly timeoutMs: number;

  constructor(
    private readonly signer: AssertionSigner,
    options: PlatformTokensOptions = {},
  ) {
    this.fetch = options.fetch ?? ((...args) => fetch(...args));
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async token(platform: TokenPlatform, scopes: readonly string[]): Promise<string> {
    const key = `${platform.id} ${[...scopes].sort().join(' ')}`;
    const cached = this.cache.get(key);
    if (cached && this.now() < cached.expiresAt) return cached.token;
    let p = this.pending.get(key);
    if (!p) {
      p = this.request(platform, scopes).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    const fresh = await p;
    this.cache.set(key, fresh);
    return fresh.token;
  }

  /**
   * A request to one of the platform's services with a bearer token for `scopes`. A token the
   * service refuses (401: revoked, or the clocks disagree) is dropped and the call made once more
   * with a fresh one.
   */
  async call(platform: TokenPlatform, scopes: readonly string[], url: string, init: RequestInit, what: string): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.token(platform, scopes);
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      try {
        return await platformFetch(this.fetch, url, { ...init, headers }, this.timeoutMs, what);
      } catch (error) {
        if (!(error instanceof PlatformServiceError) || error.status !== 401 || attempt > 0) throw error;
        this.invalidate(platform, scopes, token);
      }
    }
  }

  /** Forgets a token the platform refused (revoked, or its clock disagrees with ours). */
  invalidate(platform: TokenPlatform, scopes: readonly string[], token: string): void {
    const key = `${platform.id} ${[...scopes].sort().join(' ')}`;
    if (this.cache.get(key)?.token === token) this.cache.delete(key);
  }

  private async request(platform: TokenPlatform, scopes: readonly string[]): Promise<Cached> {
    const assertion = await this.signer.sign(
      { iss: platform.client_id, sub: platform.client_id, aud: platform.token_url, jti: randomUUID() },
      ASSERTION_TTL_SECONDS,
    );
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: scopes.join(' '),
    });
    const asked = this.now();
    const res = await platformFetch(
      this.fetch,
      platform.token_url,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body },
      this.timeoutMs,
      'Token request',
    );
    const parsed = TokenAnswer.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new PlatformServiceError('Token request: the platform’s answer is not an OAuth 2 bearer token.', res.status, false);
    const ttl = parsed.data.expires_in ?? DEFAULT_TTL_SECONDS;
    // Measured from when we asked: the platform's clock started before its answer reached us.
    const early = Math.min(EARLY_SECONDS, ttl / 2);
    return { token: parsed.data.access_token, expiresAt: asked + (ttl - early) * 1000 };
  }
}
