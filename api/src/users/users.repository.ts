import type { Role } from '../auth/principal.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';

export interface UserRow {
  id: string;
  tenant_id: string;
  external_id: string;
  display_name: string;
  role: Role;
  created_at: Date;
  updated_at: Date;
}

export class UsersRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  /** The partner (or LMS) is the authority on name and role: an upsert takes theirs. */
  async upsert(user: { tenant_id: string; external_id: string; display_name: string; role: Role }, db: Queryable = this.db): Promise<UserRow> {
    const [row] = await db('users')
      .insert(user)
      .onConflict(['tenant_id', 'external_id'])
      .merge({ display_name: user.display_name, role: user.role, updated_at: db.fn.now() })
      .returning('*');
    return row as UserRow;
  }

  async findById(tenantId: string, id: string, db: Queryable = this.db): Promise<UserRow | undefined> {
    return db('users').where({ tenant_id: tenantId, id }).first();
  }

  async findByExternalId(tenantId: string, externalId: string, db: Queryable = this.db): Promise<UserRow | undefined> {
    return db('users').where({ tenant_id: tenantId, external_id: externalId }).first();
  }
}
