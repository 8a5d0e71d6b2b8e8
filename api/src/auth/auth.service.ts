import { LRUCache } from 'lru-cache';
import { isApiKey, secretMatches, splitApiKey } from './api-keys.ts';
import type { Principal } from './principal.ts';
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

/** Turns a bearer credential into a principal: a tenant API key or a user access token. */
export class AuthService {
  // A revoked key stops working within this many milliseconds.
  private readonly keyCache = new LRUCache<string, Principal>({ max: 1_000, ttl: 10_000 });

  constructor(
    private readonly tokens: TokenService,
    private readonly keys: ApiKeyLookup,
  ) {}

  async authenticate(credential: string): Promise<{ principal: Principal; exp?: number }> {
    if (isApiKey(credential)) return { principal: await this.apiKey(credential) };
    return this.tokens.verify(credential);
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
