import { type Connection, type Queryable, queryable } from '../db/types.ts';

/** What a run counts (its row in retention_runs). */
export type RunCounts = Record<'warned' | 'deleted_exercises' | 'deleted_threads' | 'deleted_comments' | 'deleted_media' | 'deleted_attempts', number>;

/** A learner's attempt as retention deletes it: what to announce, and the media asset that holds its files. */
export interface RetainedAttempt {
  id: string;
  thread_id: string;
  number: number;
  media_asset_id: string;
}

export interface RetentionPolicyRow {
  tenant_id: string;
  archived_exercise_days: number | null;
  attempt_days: number | null;
  warn_days: number;
}

export interface RetentionRunRow {
  id: string;
  started_at: string;
  finished_at: string | null;
  warned: number;
  deleted_exercises: number;
  deleted_threads: number;
  deleted_comments: number;
  deleted_media: number;
  deleted_attempts: number;
  error: string | null;
}

export interface RetentionNoticeRow {
  id: string;
  exercise_video_id: string;
  exercise_title: string;
  delete_after: string;
  created_at: string;
}

const RUN_COLUMNS = `id, et_iso(started_at) AS started_at, et_iso(finished_at) AS finished_at, warned, deleted_exercises, deleted_threads, deleted_comments, deleted_media, deleted_attempts, error`;

export class RetentionRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  async policies(db: Queryable = this.db): Promise<RetentionPolicyRow[]> {
    const r = await db.raw<{ rows: RetentionPolicyRow[] }>(
      `SELECT id AS tenant_id, retention_archived_exercise_days AS archived_exercise_days, retention_attempt_days AS attempt_days, retention_warn_days AS warn_days
         FROM tenants WHERE retention_archived_exercise_days IS NOT NULL OR retention_attempt_days IS NOT NULL`,
    );
    return r.rows;
  }

  async startRun(tenantId: string, db: Queryable = this.db): Promise<{ id: string; started_at: Date }> {
    const [row] = await db('retention_runs').insert({ tenant_id: tenantId }).returning(['id', 'started_at']);
    return row as { id: string; started_at: Date };
  }

  async finishRun(id: string, counts: Partial<RunCounts>, error: string | null, db: Queryable = this.db): Promise<void> {
    await db('retention_runs').where({ id }).update({ ...counts, error, finished_at: db.fn.now() });
  }

  /**
   * Warns each author of an archived exercise that comes within `warn_days` of expiring: one
   * notice per author, naming when its threads go (never sooner than `warn_days` from now).
   * Returns the notices made now, for the audit log.
   */
  async warn(p: RetentionPolicyRow & { archived_exercise_days: number }, db: Queryable = this.db): Promise<{ recipient_id: string; exercise_video_id: string; delete_after: string }[]> {
    const r = await db.raw<{ rows: { recipient_id: string; exercise_video_id: string; delete_after: string }[] }>(
      `INSERT INTO retention_notices (tenant_id, exercise_video_id, recipient_id, delete_after)
       SELECT e.tenant_id, e.id, a.user_id,
              GREATEST(e.archived_at + make_interval(days => ?), now() + make_interval(days => ?))
         FROM exercise_videos e JOIN exercise_authors a ON a.exercise_video_id = e.id
        WHERE e.tenant_id = ? AND e.archived_at IS NOT NULL
          AND e.archived_at + make_interval(days => ?) - make_interval(days => ?) <= now()
       ON CONFLICT (exercise_video_id, recipient_id) DO NOTHING
       RETURNING recipient_id, exercise_video_id, et_iso(delete_after) AS delete_after`,
      [p.archived_exercise_days, p.warn_days, p.tenant_id, p.archived_exercise_days, p.warn_days],
    );
    return r.rows;
  }

  /**
   * Archived exercises whose time is up: expired by the policy, warned before this run began, and
   * past the date every warning named.
   */
  async expired(p: RetentionPolicyRow & { archived_exercise_days: number }, runStartedAt: Date, db: Queryable = this.db): Promise<{ id: string; media_asset_id: string | null }[]> {
    const r = await db.raw<{ rows: { id: string; media_asset_id: string | null }[] }>(
      `SELECT e.id, e.media_asset_id FROM exercise_videos e
        WHERE e.tenant_id = ? AND e.archived_at IS NOT NULL AND e.archived_at + make_interval(days => ?) <= now()
          AND EXISTS (SELECT 1 FROM retention_notices n WHERE n.exercise_video_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM retention_notices n WHERE n.exercise_video_id = e.id AND (n.delete_after > now() OR n.created_at >= ?))`,
      [p.tenant_id, p.archived_exercise_days, runStartedAt],
    );
    return r.rows;
  }

  async assetUsedElsewhere(assetId: string, exerciseId: string, db: Queryable = this.db): Promise<boolean> {
    return (await db('exercise_videos').where({ media_asset_id: assetId }).whereNot({ id: exerciseId }).first('id')) !== undefined;
  }

  /** Deletes an expired exercise with its threads and comments; says whether its media may go too. */
  async deleteExercise(tenantId: string, exerciseId: string, mediaAssetId: string | null, db: Queryable): Promise<{ threads: number; comments: number; mediaDeleted: boolean }> {
    const counted = await db.raw<{ rows: { threads: number; comments: number }[] }>(
      `SELECT count(DISTINCT t.id)::int AS threads, count(c.id)::int AS comments
         FROM personal_exercise_threads t LEFT JOIN video_comments c ON c.thread_id = t.id WHERE t.exercise_video_id = ?`,
      [exerciseId],
    );
    await db('exercise_videos').where({ tenant_id: tenantId, id: exerciseId }).delete();
    let mediaDeleted = false;
    if (mediaAssetId) {
      const deleted = await db.raw<{ rows: unknown[] }>(
        `DELETE FROM media_assets m WHERE m.id = ? AND NOT EXISTS (SELECT 1 FROM exercise_videos e WHERE e.media_asset_id = m.id) RETURNING m.id`,
        [mediaAssetId],
      );
      mediaDeleted = deleted.rows.length > 0;
    }
    return { threads: counted.rows[0]?.threads ?? 0, comments: counted.rows[0]?.comments ?? 0, mediaDeleted };
  }

  /** Learners' attempts recorded `attemptDays` or more days ago, with their media asset. */
  async expiredAttempts(tenantId: string, attemptDays: number, db: Queryable = this.db): Promise<RetainedAttempt[]> {
    const r = await db.raw<{ rows: RetainedAttempt[] }>(
      `SELECT a.id, a.thread_id, a.number, a.media_asset_id FROM attempts a
        WHERE a.tenant_id = ? AND a.created_at + make_interval(days => ?) <= now() ORDER BY a.created_at, a.id`,
      [tenantId, attemptDays],
    );
    return r.rows;
  }

  /** The attempts in an exercise's threads: they go before the exercise, each with its own files. */
  async exerciseAttempts(tenantId: string, exerciseId: string, db: Queryable = this.db): Promise<RetainedAttempt[]> {
    const r = await db.raw<{ rows: RetainedAttempt[] }>(
      `SELECT a.id, a.thread_id, a.number, a.media_asset_id FROM attempts a JOIN personal_exercise_threads t ON t.id = a.thread_id
        WHERE a.tenant_id = ? AND t.exercise_video_id = ? ORDER BY a.created_at, a.id`,
      [tenantId, exerciseId],
    );
    return r.rows;
  }

  /**
   * Deletes an attempt's media asset, which takes the attempt and the comments on it with it (by
   * key); answers how many comments went, or undefined when it was gone already.
   */
  async deleteAttempt(tenantId: string, attemptId: string, mediaAssetId: string, db: Queryable): Promise<{ comments: number } | undefined> {
    const counted = await db.raw<{ rows: { comments: number }[] }>('SELECT count(*)::int AS comments FROM video_comments WHERE attempt_id = ?', [attemptId]);
    const deleted = await db.raw<{ rows: unknown[] }>('DELETE FROM media_assets WHERE tenant_id = ? AND id = ? RETURNING id', [tenantId, mediaAssetId]);
    return deleted.rows.length ? { comments: counted.rows[0]?.comments ?? 0 } : undefined;
  }

  /** Warnings not emailed yet whose recipient has an address (a failed send is tried again next run). */
  async unemailed(tenantId: string, db: Queryable = this.db): Promise<{ id: string; email: string; display_name: string; locale: string | null; exercise_title: string; delete_after: string }[]> {
    const r = await db.raw<{ rows: { id: string; email: string; display_name: string; locale: string | null; exercise_title: string; delete_after: string }[] }>(
      `SELECT n.id, u.email, u.display_name, u.locale, e.title AS exercise_title, et_iso(n.delete_after) AS delete_after
         FROM retention_notices n JOIN users u ON u.id = n.recipient_id JOIN exercise_videos e ON e.id = n.exercise_video_id
        WHERE n.tenant_id = ? AND n.emailed_at IS NULL AND u.email IS NOT NULL ORDER BY n.created_at, n.id`,
      [tenantId],
    );
    return r.rows;
  }

  async markEmailed(id: string, db: Queryable = this.db): Promise<void> {
    await db('retention_notices').where({ id }).update({ emailed_at: db.fn.now() });
  }

  async runs(tenantId: string, limit: number, db: Queryable = this.db): Promise<RetentionRunRow[]> {
    const r = await db.raw<{ rows: RetentionRunRow[] }>(`SELECT ${RUN_COLUMNS} FROM retention_runs WHERE tenant_id = ? ORDER BY started_at DESC, id DESC LIMIT ?`, [tenantId, limit]);
    return r.rows;
  }

  /** A user's warnings: what will be deleted and when (the instructor's notices). */
  async notices(tenantId: string, userId: string, db: Queryable = this.db): Promise<RetentionNoticeRow[]> {
    const r = await db.raw<{ rows: RetentionNoticeRow[] }>(
      `SELECT n.id, n.exercise_video_id, e.title AS exercise_title, et_iso(n.delete_after) AS delete_after, et_iso(n.created_at) AS created_at
         FROM retention_notices n JOIN exercise_videos e ON e.id = n.exercise_video_id
        WHERE n.tenant_id = ? AND n.recipient_id = ? ORDER BY n.delete_after, n.id`,
      [tenantId, userId],
    );
    return r.rows;
  }
}
