import { generateApiKey } from '../auth/api-keys.ts';
import type { Database } from '../db/database.ts';
import { NotFoundError } from '../http/errors.ts';
import type { TenantRow, TenantsRepository } from './tenants.repository.ts';

export interface TenantView {
  id: string;
  name: string;
  allowed_origins: string[];
  thread_link_template: string | null;
}

export function toTenantView(row: TenantRow): TenantView {
  return { id: row.id, name: row.name, allowed_origins: row.allowed_origins, thread_link_template: row.thread_link_template };
}

export class TenantsService {
  constructor(
    private readonly db: Database,
    private readonly tenants: TenantsRepository,
  ) {}

  /** Creates a tenant and its first API key; the key is returned once and stored hashed. */
  async create(input: { name: string; allowedOrigins: string[] }): Promise<{ tenant: TenantView; apiKey: string }> {
    return this.db.knex.transaction(async (trx) => {
      const tenant = await this.tenants.insert({ name: input.name, allowed_origins: input.allowedOrigins }, trx);
      const key = generateApiKey();
      await this.tenants.insertApiKey({ tenant_id: tenant.id, prefix: key.prefix, secret_hash: key.secretHash, label: 'default' }, trx);
      return { tenant: toTenantView(tenant), apiKey: key.key };
    });
  }

  async get(tenantId: string): Promise<TenantView> {
    const row = await this.tenants.findById(tenantId);
    if (!row) throw new NotFoundError('tenant');
    return toTenantView(row);
  }

  async update(tenantId: string, patch: { name?: string; allowed_origins?: string[]; thread_link_template?: string | null }): Promise<TenantView> {
    return toTenantView(await this.tenants.update(tenantId, patch));
  }

  count(): Promise<number> {
    return this.tenants.count();
  }

  allOrigins(): Promise<string[]> {
    return this.tenants.allOrigins();
  }
}
