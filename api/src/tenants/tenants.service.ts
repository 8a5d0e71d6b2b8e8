import { generateApiKey } from '../auth/api-keys.ts';
import type { PatchTenantBody } from '../contract/tenants.ts';
import type { Database } from '../db/database.ts';
import { NotFoundError, ValidationError } from '../errors/domain-errors.ts';
import { checkWebhookUrl, UnsafeUrlError } from '../webhooks/url-guard.ts';
import { sealSecret } from '../xapi/lrs-secret.ts';
import type { ApiKeyRow, TenantPatch, TenantRow, TenantsRepository } from './tenants.repository.ts';

export interface TenantView {
  id: string;
  name: string;
  allowed_origins: string[];
  thread_link_template: string | null;
  erasure_policy: 'tombstone' | 'delete';
  lrs: { endpoint: string; username: string; password_set: true } | null;
  retention: { archived_exercise_days: number | null; attempt_days: number | null; warn_days: number };
}

export function toTenantView(row: TenantRow): TenantView {
  return {
    id: row.id,
    name: row.name,
    allowed_origins: row.allowed_origins,
    thread_link_template: row.thread_link_template,
    erasure_policy: row.erasure_policy,
    // The password is sealed at rest and never answered back.
    lrs: row.lrs_endpoint && row.lrs_username ? { endpoint: row.lrs_endpoint, username: row.lrs_username, password_set: true } : null,
    retention: { archived_exercise_days: row.retention_archived_exercise_days, attempt_days: row.retention_attempt_days, warn_days: row.retention_warn_days },
  };
}

export interface TenantsOptions {
  /** Seals LRS passwords at rest. */
  serverSecret: string;
  /** LRS endpoints may be http or private addresses (development and tests). */
  allowPrivateUrls: boolean;
  /** Told when a tenant's LRS is set or removed (learning records remember which tenants have none). */
  lrsChanged?: (tenantId: string) => void;
}

/** What a listing shows of a key: never its secret, only the visible prefix of `etk_<prefix>_…`. */
export interface ApiKeyView {
  id: string;
  prefix: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return { id: row.id, prefix: `etk_${row.prefix}`, label: row.label, created_at: new Date(row.created_at).toISOString(), revoked_at: row.revoked_at ? new Date(row.revoked_at).toISOString() : null };
}

export class TenantsService {
  constructor(
    private readonly db: Database,
    private readonly tenants: TenantsRepository,
    private readonly options: TenantsOptions,
  ) {}

  /** Creates a tenant and its first API key; the key is returned once and stored hashed. */
  async create(input: { name: string; allowedOrigins: string[] }): Promise<{ tenant: TenantView; apiKey: string }> {
    return this.db.transaction(async (trx) => {
      const tenant = await this.tenants.insert({ name: input.name, allowed_origins: input.allowedOrigins }, trx);
      const key = generateApiKey();
      await this.tenants.insertApiKey({ tenant_id: tenant.id, prefix: key.prefix, secret_hash: key.secretHash, label: 'default' }, trx);
      return { tenant: toTenantView(tenant), apiKey: key.key };
    });
  }

  /** Another API key for a tenant (a key is shown once: this is how an admin gets a new one). */
  async createKey(tenantId: string, label = 'cli'): Promise<{ keyId: string; apiKey: string }> {
    if (!(await this.tenants.findById(tenantId))) throw new NotFoundError('tenant');
    const key = generateApiKey();
    const row = await this.tenants.insertApiKey({ tenant_id: tenantId, prefix: key.prefix, secret_hash: key.secretHash, label });
    return { keyId: row.id, apiKey: key.key };
  }

  async list(): Promise<(TenantView & { demo: boolean; api_keys: ApiKeyView[] })[]> {
    const rows = await this.tenants.list();
    // One tenant after another: the CLI's listing is small, and PGlite has one connection.
    const out = [];
    for (const row of rows) out.push({ ...toTenantView(row), demo: row.demo, api_keys: (await this.tenants.listApiKeys(row.id)).map(toApiKeyView) });
    return out;
  }

  /** Revokes a key by its id (undefined: no such active key); running servers refuse it within their key cache's 10 s. */
  async revokeKey(keyId: string): Promise<ApiKeyView | undefined> {
    const row = await this.tenants.revokeApiKey(keyId);
    return row && toApiKeyView(row);
  }

  async get(tenantId: string): Promise<TenantView> {
    const row = await this.tenants.findById(tenantId);
    if (!row) throw new NotFoundError('tenant');
    return toTenantView(row);
  }

  async update(tenantId: string, body: PatchTenantBody): Promise<TenantView> {
    const { lrs, retention, ...plain } = body;
    const patch: TenantPatch = { ...plain };
    if (lrs === null) Object.assign(patch, { lrs_endpoint: null, lrs_username: null, lrs_password_sealed: null });
    if (lrs) {
      try {
        await checkWebhookUrl(lrs.endpoint, this.options.allowPrivateUrls);
      } catch (error) {
        if (error instanceof UnsafeUrlError) throw new ValidationError([{ field: 'lrs.endpoint', message: error.message }]);
        throw error;
      }
      Object.assign(patch, { lrs_endpoint: lrs.endpoint, lrs_username: lrs.username, lrs_password_sealed: sealSecret(lrs.password, this.options.serverSecret) });
    }
    if (retention?.archived_exercise_days !== undefined) patch.retention_archived_exercise_days = retention.archived_exercise_days;
    if (retention?.attempt_days !== undefined) patch.retention_attempt_days = retention.attempt_days;
    if (retention?.warn_days !== undefined) patch.retention_warn_days = retention.warn_days;
    const updated = await this.tenants.update(tenantId, patch);
    if (lrs !== undefined) this.options.lrsChanged?.(tenantId);
    return toTenantView(updated);
  }

  count(): Promise<number> {
    return this.tenants.count();
  }

  allOrigins(): Promise<string[]> {
    return this.tenants.allOrigins();
  }
}
