import type { Knex } from 'knex';
import type { ThreadScope } from '../access/policy.ts';
import { threadScopeSql } from '../access/thread-scope-sql.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';

/** What the access policy needs to know about a thread, for one caller. */
export interface ThreadFactsRow {
  id: string;
  tenant_id: string;
  owner_id: string;
  exercise_video_id: string;
  last_seq: number;
  duration_ms: number | null;
  archived: boolean;
  caller_is_author: boolean;
}

export interface ThreadRow {
  id: string;
  exercise_video_id: string;
  owner_id: string;
  owner_name: string;
  last_seq: number;
  last_activity_at: Date;
  created_at: Date;
  read_only: boolean;
  comment_count: number;
  unread_count: number;
  awaiting_reply: boolean;
  /** last_activity_at at full precision, for keyset cursors. */
  cursor_at: string;
}

const THREAD_COLUMNS = `
  t.id, t.exercise_video_id, t.owner_id, u.display_name AS owner_name, t.last_seq, t.last_activity_at, t.created_at,
  CAST(t.last_activity_at AS text) AS cursor_at,
  e.archived_at IS NOT NULL AS read_only,
  (SELECT count(*)::int FROM video_comments c WHERE c.thread_id = t.id AND c.deleted_at IS NULL) AS comment_count,
  (SELECT count(*)::int FROM video_comments c
     WHERE c.thread_id = t.id AND c.deleted_at IS NULL AND c.author_id <> :caller AND c.seq > COALESCE(r.last_read_seq, 0)) AS unread_count,
  COALESCE((SELECT c.author_id = t.owner_id FROM video_comments c
     WHERE c.thread_id = t.id AND c.deleted_at IS NULL ORDER BY c.created_at DESC, c.id DESC LIMIT 1), false) AS awaiting_reply`;

const THREAD_FROM = `
  FROM personal_exercise_threads t
  JOIN users u ON u.id = t.owner_id
  JOIN exercise_videos e ON e.id = t.exercise_video_id
  LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = :caller`;

export class ThreadsRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  async facts(tenantId: string, threadId: string, callerId: string | null, db: Queryable = this.db): Promise<ThreadFactsRow | undefined> {
    const r = await db.raw<{ rows: ThreadFactsRow[] }>(
      `SELECT t.id, t.tenant_id, t.owner_id, t.exercise_video_id, t.last_seq, e.duration_ms, e.archived_at IS NOT NULL AS archived,
              EXISTS (SELECT 1 FROM exercise_authors a WHERE a.exercise_video_id = t.exercise_video_id AND a.user_id = ?) AS caller_is_author
         FROM personal_exercise_threads t JOIN exercise_videos e ON e.id = t.exercise_video_id
        WHERE t.id = ? AND t.tenant_id = ?`,
      [callerId, threadId, tenantId],
    );
    return r.rows[0];
  }

  /** Inserts the caller's thread unless it exists; concurrent callers all end on the one row. */
  async upsert(t: { tenant_id: string; exercise_video_id: string; owner_id: string }, db: Queryable = this.db): Promise<{ id: string; created: boolean }> {
    const inserted = await db.raw<{ rows: { id: string }[] }>(
      `INSERT INTO personal_exercise_threads (tenant_id, exercise_video_id, owner_id) VALUES (?, ?, ?)
       ON CONFLICT (owner_id, exercise_video_id) DO NOTHING RETURNING id`,
      [t.tenant_id, t.exercise_video_id, t.owner_id],
    );
    if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
    const existing = await db('personal_exercise_threads').where({ owner_id: t.owner_id, exercise_video_id: t.exercise_video_id }).first('id');
    return { id: (existing as { id: string }).id, created: false };
  }

  async findOne(scope: ThreadScope, threadId: string, db: Queryable = this.db): Promise<ThreadRow | undefined> {
    if (scope.kind === 'none') return undefined;
    const r = await db.raw<{ rows: ThreadRow[] }>(`SELECT ${THREAD_COLUMNS} ${THREAD_FROM} WHERE ${threadScopeSql(scope)} AND t.id = :thread`, {
      caller: scope.userId,
      tenant: scope.tenantId,
      thread: threadId,
    });
    return r.rows[0];
  }

  async list(
    scope: ThreadScope,
    q: { exerciseId?: string | undefined; awaitingReply?: boolean | undefined; ascending: boolean; after?: { at: string; id: string } | undefined; limit: number },
    db: Queryable = this.db,
  ): Promise<ThreadRow[]> {
    if (scope.kind === 'none') return [];
    const bindings: Knex.ValueDict = { caller: scope.userId, tenant: scope.tenantId, limit: q.limit };
    const where = [threadScopeSql(scope)];
    if (q.exerciseId) {
      where.push('t.exercise_video_id = :exercise');
      bindings.exercise = q.exerciseId;
    }
    const outer: string[] = [];
    if (q.awaitingReply !== undefined) {
      outer.push('x.awaiting_reply = :awaiting');
      bindings.awaiting = q.awaitingReply;
    }
    if (q.after) {
      outer.push(`(x.last_activity_at, x.id) ${q.ascending ? '>' : '<'} (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))`);
      bindings.afterAt = q.after.at;
      bindings.afterId = q.after.id;
    }
    const dir = q.ascending ? 'ASC' : 'DESC';
    const r = await db.raw<{ rows: ThreadRow[] }>(
      `SELECT * FROM (SELECT ${THREAD_COLUMNS} ${THREAD_FROM} WHERE ${where.join(' AND ')}) x
        ${outer.length ? `WHERE ${outer.join(' AND ')}` : ''}
        ORDER BY x.last_activity_at ${dir}, x.id ${dir} LIMIT :limit`,
      bindings,
    );
    return r.rows;
  }

  async markRead(threadId: string, userId: string, seq: number, db: Queryable = this.db): Promise<void> {
    await db.raw(
      `INSERT INTO thread_reads (thread_id, user_id, last_read_seq) VALUES (?, ?, ?)
       ON CONFLICT (thread_id, user_id) DO UPDATE
         SET last_read_seq = GREATEST(thread_reads.last_read_seq, EXCLUDED.last_read_seq), updated_at = now()`,
      [threadId, userId, seq],
    );
  }
}
