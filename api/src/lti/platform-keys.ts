import { createLocalJWKSet, errors as joseErrors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

interface Entry {
  verify: ReturnType<typeof createLocalJWKSet>;
  fetchedAt: number;
  maxAgeMs: number;
  /** When an unknown kid last made us fetch again. */
  missRefetchAt: number;
}

export interface PlatformKeysOptions {
  timeoutMs?: number;
  /** Used when the platform sends no Cache-Control max-age. */
  defaultMaxAgeMs?: number;
  maxMaxAgeMs?: number;
  /** At most one refetch per this long for tokens naming a kid we do not know. */
  missCooldownMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  onError?: (error: unknown) => void;
}

function maxAgeOf(cacheControl: string | null, fallback: number, ceiling: number): number {
  if (!cacheControl) return fallback;
  if (/\b(no-store|no-cache)\b/i.test(cacheControl)) return 0;
  const m = /\bmax-age=(\d+)/i.exec(cacheControl);
  return m ? Math.min(Number(m[1]) * 1000, ceiling) : fallback;
}

/**
 * Platforms' public keys, per JWKS URL. jose's createRemoteJWKSet caches for a fixed time
 * (it ignores Cache-Control) and, once that time has passed, fails every verification while the
 * JWKS endpoint is down. An LMS outage of its JWKS endpoint should not stop launches signed with
 * a key we already hold, so this keeps the last good set, refreshes it when Cache-Control says
 * it is stale, and falls back to it when the refresh fails. An unknown kid (the platform rotated)
 * triggers one refetch, rate-limited so forged kids cannot make us hammer the platform.
 * Key selection itself is jose's createLocalJWKSet.
 */
export class PlatformKeys {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private readonly o: Required<PlatformKeysOptions>;

  constructor(options: PlatformKeysOptions = {}) {
    this.o = {
      timeoutMs: 5_000,
      defaultMaxAgeMs: 10 * 60_000,
      maxMaxAgeMs: 24 * 3600_000,
      missCooldownMs: 10_000,
      fetch: (...args) => fetch(...args),
      now: Date.now,
      onError: () => {},
      ...options,
    };
  }

  /** A key resolver for jose's jwtVerify. */
  resolver(jwksUrl: string): JWTVerifyGetKey {
    return async (header, token) => {
      let entry = this.entries.get(jwksUrl);
      if (!entry) entry = await this.refresh(jwksUrl);
      else if (this.o.now() - entry.fetchedAt >= entry.maxAgeMs) {
        entry = await this.refresh(jwksUrl).catch((error: unknown) => {
          this.o.onError(error);
          return entry as Entry;
        });
      }
      try {
        return await entry.verify(header, token);
      } catch (error) {
        if (!(error instanceof joseErrors.JWKSNoMatchingKey) || this.o.now() - entry.missRefetchAt < this.o.missCooldownMs) throw error;
        entry.missRefetchAt = this.o.now();
        const fresh = await this.refresh(jwksUrl).catch((e: unknown) => {
          this.o.onError(e);
          throw error;
        });
        fresh.missRefetchAt = entry.missRefetchAt;
        return fresh.verify(header, token);
      }
    };
  }

  private refresh(url: string): Promise<Entry> {
    let p = this.pending.get(url);
    if (!p) {
      p = this.fetchSet(url).finally(() => this.pending.delete(url));
      this.pending.set(url, p);
    }
    return p;
  }

  private async fetchSet(url: string): Promise<Entry> {
    const response = await this.o.fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.o.timeoutMs), redirect: 'error' });
    if (!response.ok) {
      await response.body?.cancel();
      throw new joseErrors.JOSEError(`The platform's JWKS answered ${response.status}.`);
    }
    const jwks = (await response.json()) as JSONWebKeySet;
    const verify = createLocalJWKSet(jwks);
    const previous = this.entries.get(url);
    const entry: Entry = {
      verify,
      fetchedAt: this.o.now(),
      maxAgeMs: maxAgeOf(response.headers.get('cache-control'), this.o.defaultMaxAgeMs, this.o.maxMaxAgeMs),
      missRefetchAt: previous?.missRefetchAt ?? 0,
    };
    this.entries.set(url, entry);
    return entry;
  }
}
