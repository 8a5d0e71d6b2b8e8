import type { ApiKeyLookup } from '../auth/auth.service.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';

export interface TenantRow {
  id: string;
  name: string;
  allowed_origins: string[];
  thread_link_template: string | null;
  erasure_policy: 'tombstone' | 'delete';
  lrs_endpoint: string | null;
  lrs_username: string | null;
  lrs_password_sealed: string | null;
  retention_archived_exercise_days: number | null;
  retention_attempt_days: number | null;
  retention_warn_days: number;
  demo: boolean;
  created_at: Date;
  updated_at: Date;
}

export type TenantPatch = Partial<
  Pick<
    TenantRow,
    | 'name' | 'allowed_origins' | 'thread_link_template' | 'erasure_policy' | 'lrs_endpoint' | 'lrs_username' | 'lrs_password_sealed'
    | 'retention_archived_exercise_days' | 'retention_attempt_days' | 'retention_warn_days'
  >
>;

export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  prefix: string;
  secret_hash: string;
  label: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

export class TenantsRepository implements ApiKeyLookup {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  async insert(tenant: { name: string; allowed_origins: string[]; demo?: boolean }, db: Queryable = this.db): Promise<TenantRow> {
    const [row] = await db('tenants').insert(tenant).returning('*');
    return row as TenantRow;
  }

  async findById(id: string, db: Queryable = this.db): Promise<TenantRow | undefined> {
    return db('tenants').where({ id }).first();
  }

  async update(id: string, patch: TenantPatch, db: Queryable = this.db): Promise<TenantRow> {
    const [row] = await db('tenants')
      .where({ id })
      .update({ ...patch, updated_at: db.fn.now() })
      .returning('*');
    return row as TenantRow;
  }

  async findDemo(db: Queryable = this.db): Promise<TenantRow | undefined> {
    return db('tenants').where({ demo: true }).orderBy('created_at').first();
  }

  async count(db: Queryable = this.db): Promise<number> {
    const row = await db('tenants').count<{ n: string | number }>({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  /** Every tenant's allowed origins, for answering CORS preflights (which carry no token). */
  async allOrigins(db: Queryable = this.db): Promise<string[]> {
    const rows = await db.raw<{ rows: { origin: string }[] }>('SELECT DISTINCT unnest(allowed_origins) AS origin FROM tenants');
    return rows.rows.map((r) => r.origin);
  }

  async insertApiKey(key: { tenant_id: string; prefix: string; secret_hash: string; label?: string }, db: Queryable = this.db): Promise<ApiKeyRow> {
    const [row] = await db('api_keys').insert(key).returning('*');
    return row as ApiKeyRow;
  }

  async list(db: Queryable = this.db): Promise<TenantRow[]> {
    return db('tenants').orderBy('created_at');
  }

  async listApiKeys(tenantId: string, db: Queryable = this.db): Promise<ApiKeyRow[]> {
    return db('api_keys').where({ tenant_id: tenantId }).orderBy('created_at');
  }

  /** Revokes a key that is not revoked yet; undefined when there is none such. */
  async revokeApiKey(id: string, db: Queryable = this.db): Promise<ApiKeyRow | undefined> {
    const [row] = await db('api_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now() }).returning('*');
    return row as ApiKeyRow | undefined;
  }

  async findApiKeyByPrefix(prefix: string, db: Queryable = this.db): Promise<ApiKeyRow | undefined> {
    return db('api_keys').where({ prefix }).first();
  }
}
