import { LRUCache } from 'lru-cache';
import { isApiKey, secretMatches, splitApiKey } from './api-keys.ts';
import type { Principal, Role, UserPrincipal } from './principal.ts';
import { InvalidTokenError, type TokenService } from './tokens.ts';

/** A stored API key, as authentication needs it. */
export interface StoredApiKey {
  id: string;
  tenant_id: string;
  secret_hash: string;
  revoked_at: Date | null;
}

/** Where API keys are looked up (the tenants repository implements it). */
export interface ApiKeyLookup {
  findApiKeyByPrefix(prefix: string): Promise<StoredApiKey | undefined>;
}

/** Where a token's user is looked up now (the users repository implements it). */
export interface UserLookup {
  findById(tenantId: string, id: string): Promise<{ role: Role } | undefined>;
}

/** How stale a user's role (or their removal) may be for their older tokens: documented as at most 5 s. */
export const USER_CACHE_MS = 5_000;
const GONE = 'gone';

/** Turns a bearer credential into a principal: a tenant API key or a user access token. */
export class AuthService {
  // A revoked key stops working within this many milliseconds.
  private readonly keyCache = new LRUCache<string, Principal>({ max: 1_000, ttl: 10_000 });
  // A token carries the role it was minted with; the user's current role (or their removal) wins.
  private readonly userCache = new LRUCache<string, Role | typeof GONE>({ max: 50_000, ttl: USER_CACHE_MS });

  constructor(
    private readonly tokens: TokenService,
    private readonly keys: ApiKeyLookup,
    private readonly users: UserLookup,
  ) {}

  async authenticate(credential: string): Promise<{ principal: Principal; exp?: number }> {
    if (isApiKey(credential)) return { principal: await this.apiKey(credential) };
    return this.user(credential);
  }

  /** A user token's principal with the user's current role; a token of a removed user is invalid. */
  async user(credential: string): Promise<{ principal: UserPrincipal; exp: number }> {
    const verified = await this.tokens.verify(credential);
    const { tenantId, userId, role } = verified.principal;
    const key = `${tenantId}:${userId}`;
    let current = this.userCache.get(key);
    if (current === undefined) {
      current = (await this.users.findById(tenantId, userId))?.role ?? GONE;
      this.userCache.set(key, current);
    }
    if (current === GONE) throw new InvalidTokenError('invalid');
    return current === role ? verified : { principal: { ...verified.principal, role: current }, exp: verified.exp };
  }

  /** Forgets what is cached of a user (erased, say), so their tokens are refused from now on. */
  forgetUser(tenantId: string, userId: string): void {
    this.userCache.delete(`${tenantId}:${userId}`);
  }

  private async apiKey(credential: string): Promise<Principal> {
    const cached = this.keyCache.get(credential);
    if (cached) return cached;
    const parts = splitApiKey(credential);
    if (!parts) throw new InvalidTokenError('invalid');
    const row = await this.keys.findApiKeyByPrefix(parts.prefix);
    if (!row || row.revoked_at || !secretMatches(parts.secret, row.secret_hash)) throw new InvalidTokenError('invalid');
    const principal: Principal = { kind: 'api_key', tenantId: row.tenant_id, keyId: row.id };
    this.keyCache.set(credential, principal);
    return principal;
  }
}
