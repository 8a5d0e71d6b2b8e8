import { Statement } from '../db/statement.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';

const hasLrs = new Statement<{ one: number }>('xapi_has_lrs', 'SELECT 1 AS one FROM tenants WHERE id = :tenant AND lrs_endpoint IS NOT NULL');

export interface LrsRow {
  lrs_endpoint: string;
  lrs_username: string;
  lrs_password_sealed: string;
}

export interface OutboxRow {
  id: string;
  statement: Record<string, unknown>;
}

export interface ScopeRow {
  user_id: string;
  external_id: string;
  display_name: string;
  exercise_id: string;
  title: string;
  duration_ms: number | null;
}

/** The LRS settings, and the outbox of statements waiting for it. */
export class XapiRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  /** Whether the tenant keeps learning records: asked after every comment, so a statement compiled once. */
  async hasLrs(tenantId: string, db: Queryable = this.db): Promise<boolean> {
    return (await hasLrs.rows(db, { tenant: tenantId })).length > 0;
  }

  async lrs(tenantId: string, db: Queryable = this.db): Promise<LrsRow | undefined> {
    const row = await db('tenants').where({ id: tenantId }).whereNotNull('lrs_endpoint').first('lrs_endpoint', 'lrs_username', 'lrs_password_sealed');
    return row as LrsRow | undefined;
  }

  /** What a statement says of its actor and object: the user and an exercise of their tenant. */
  async scope(tenantId: string, userId: string, exerciseId: string, db: Queryable = this.db): Promise<ScopeRow | undefined> {
    const r = await db.raw<{ rows: ScopeRow[] }>(
      `SELECT u.id AS user_id, u.external_id, u.display_name, e.id AS exercise_id, e.title, e.duration_ms
         FROM users u JOIN exercise_videos e ON e.tenant_id = u.tenant_id
        WHERE u.tenant_id = ? AND u.id = ? AND e.id = ?`,
      [tenantId, userId, exerciseId],
    );
    return r.rows[0];
  }

  /** The tenant and exercise of a thread, for a comment's statement. */
  async threadOf(threadId: string, db: Queryable = this.db): Promise<{ tenant_id: string; exercise_video_id: string } | undefined> {
    return db('personal_exercise_threads').where({ id: threadId }).first('tenant_id', 'exercise_video_id');
  }

  /** Adds statements; one already there (the same event sent again) is left as it is. Returns how many were new. */
  async enqueue(tenantId: string, userId: string, statements: { id: string }[], db: Queryable = this.db): Promise<number> {
    if (!statements.length) return 0;
    const rows = statements.map((s) => ({ id: s.id, tenant_id: tenantId, user_id: userId, statement: JSON.stringify(s) }));
    const inserted = await db('xapi_statements').insert(rows).onConflict('id').ignore().returning('id');
    return inserted.length;
  }

  async unsent(tenantId: string, limit: number, db: Queryable = this.db): Promise<OutboxRow[]> {
    return db('xapi_statements').where({ tenant_id: tenantId }).whereNull('sent_at').whereNull('rejected_at')
      // A batch arrives in one insert (one created_at): the events' own times keep their order.
      .orderByRaw("created_at, statement->>'timestamp', id").limit(limit).select('id', 'statement');
  }

  async markSent(ids: string[], db: Queryable = this.db): Promise<void> {
    await db('xapi_statements').whereIn('id', ids).update({ sent_at: db.fn.now(), attempts: db.raw('attempts + 1'), last_error: null });
  }

  async noteFailure(ids: string[], error: string, rejected: boolean, db: Queryable = this.db): Promise<void> {
    await db('xapi_statements')
      .whereIn('id', ids)
      .update({ attempts: db.raw('attempts + 1'), last_error: error.slice(0, 500), ...(rejected && { rejected_at: db.fn.now() }) });
  }

  /** Tenants with statements waiting, for the sweep that catches a send that was never queued. */
  async tenantsWithUnsent(db: Queryable = this.db): Promise<string[]> {
    const rows = await db('xapi_statements').whereNull('sent_at').whereNull('rejected_at').distinct('tenant_id');
    return rows.map((r: { tenant_id: string }) => r.tenant_id);
  }
}
