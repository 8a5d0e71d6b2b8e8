import type { Role } from '../auth/principal.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';

export interface UserRow {
  id: string;
  tenant_id: string;
  external_id: string;
  display_name: string;
  role: Role;
  email: string | null;
  locale: string | null;
  created_at: Date;
  updated_at: Date;
}

export class UsersRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  /**
   * The partner (or LMS) is the authority on name and role: an upsert takes theirs. Email and
   * locale are taken when given; a launch or token without them keeps what is stored.
   */
  async upsert(
    user: { tenant_id: string; external_id: string; display_name: string; role: Role; email?: string | undefined; locale?: string | undefined },
    db: Queryable = this.db,
  ): Promise<UserRow> {
    const { email, locale, ...rest } = user;
    const [row] = await db('users')
      .insert({ ...rest, email: email ?? null, locale: locale ?? null })
      .onConflict(['tenant_id', 'external_id'])
      .merge({
        display_name: user.display_name,
        role: user.role,
        email: db.raw('COALESCE(EXCLUDED.email, users.email)'),
        locale: db.raw('COALESCE(EXCLUDED.locale, users.locale)'),
        updated_at: db.fn.now(),
      })
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
