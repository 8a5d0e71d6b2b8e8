import type { ThreadScope } from '../access/policy.ts';
import { threadScopeSql } from '../access/thread-scope-sql.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';
import type { MediaStatus } from '../media/media.repository.ts';

/** An attempt with its media's state (status, duration, frame rate are the asset's). */
export interface AttemptRow {
  id: string;
  tenant_id: string;
  thread_id: string;
  number: number;
  media_asset_id: string;
  sync_offset_ms: number;
  /** ISO 8601 (made by the database), or null while it awaits an author's comment. */
  feedback_at: string | null;
  created_at: string;
  updated_at: string;
  status: MediaStatus;
  error: string | null;
  duration_ms: number | null;
  frame_rate: number | null;
  playable_as: string | null;
}

/** An attempt with what the access policy needs about its thread, for one caller. */
export interface AttemptWithThread extends AttemptRow {
  owner_id: string;
  exercise_video_id: string;
  archived: boolean;
  caller_is_author: boolean;
}

const COLUMNS = `a.id, a.tenant_id, a.thread_id, a.number, a.media_asset_id, a.sync_offset_ms,
  et_iso(a.feedback_at) AS feedback_at, et_iso(a.created_at) AS created_at, et_iso(GREATEST(a.updated_at, m.updated_at)) AS updated_at,
  m.status, m.error, m.duration_ms, m.frame_rate, m.playable_as`;

/** Refusals the attempts trigger raises, by constraint name. */
export const ATTEMPTS_MAX_ATTEMPTS = 'attempts_max_attempts';
export const ATTEMPTS_EXERCISE_ARCHIVED = 'attempts_exercise_archived';

/** An attempt made with an Idempotency-Key, with what tells a retry from another request. */
export interface KeyedAttempt extends AttemptRow {
  idempotency_fingerprint: string;
}

export class AttemptsRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  /**
   * Adds an attempt; the trigger numbers it and applies max_attempts under the thread's lock. A
   * key already taken in the thread (a racing retry that committed first) fails on its unique index.
   */
  async insert(
    a: { tenant_id: string; thread_id: string; media_asset_id: string; idempotency_key: string | null; idempotency_fingerprint: string | null },
    db: Queryable = this.db,
  ): Promise<AttemptRow> {
    const r = await db.raw<{ rows: { id: string }[] }>(
      'INSERT INTO attempts (tenant_id, thread_id, media_asset_id, number, idempotency_key, idempotency_fingerprint) VALUES (?, ?, ?, 0, ?, ?) RETURNING id',
      [a.tenant_id, a.thread_id, a.media_asset_id, a.idempotency_key, a.idempotency_fingerprint],
    );
    return (await this.findById(r.rows[0]!.id, db))!;
  }

  /** The caller's attempt made with this key, in any of their own threads (keys are the caller's, never shared). */
  async findByIdempotencyKey(tenantId: string, ownerId: string, key: string, db: Queryable = this.db): Promise<KeyedAttempt | undefined> {
    const r = await db.raw<{ rows: KeyedAttempt[] }>(
      `SELECT ${COLUMNS}, a.idempotency_fingerprint
         FROM personal_exercise_threads t JOIN attempts a ON a.thread_id = t.id JOIN media_assets m ON m.id = a.media_asset_id
        WHERE t.owner_id = ? AND t.tenant_id = ? AND a.idempotency_key = ?`,
      [ownerId, tenantId, key],
    );
    return r.rows[0];
  }

  async findById(id: string, db: Queryable = this.db): Promise<AttemptRow | undefined> {
    const r = await db.raw<{ rows: AttemptRow[] }>(`SELECT ${COLUMNS} FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id WHERE a.id = ?`, [id]);
    return r.rows[0];
  }

  /** The attempt made from a media asset (the media worker's changes name the asset). */
  async findByAsset(assetId: string, db: Queryable = this.db): Promise<(AttemptRow & { max_attempt_seconds: number | null; owner_id: string; exercise_video_id: string }) | undefined> {
    const r = await db.raw<{ rows: (AttemptRow & { max_attempt_seconds: number | null; owner_id: string; exercise_video_id: string })[] }>(
      `SELECT ${COLUMNS}, e.max_attempt_seconds, t.owner_id, t.exercise_video_id
         FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id
         JOIN personal_exercise_threads t ON t.id = a.thread_id JOIN exercise_videos e ON e.id = t.exercise_video_id
        WHERE a.media_asset_id = ?`,
      [assetId],
    );
    return r.rows[0];
  }

  /** An attempt with its thread's facts, within the caller's tenant. */
  async findWithThread(tenantId: string, id: string, callerId: string, db: Queryable = this.db): Promise<AttemptWithThread | undefined> {
    const r = await db.raw<{ rows: AttemptWithThread[] }>(
      `SELECT ${COLUMNS}, t.owner_id, t.exercise_video_id, e.archived_at IS NOT NULL AS archived,
              EXISTS (SELECT 1 FROM exercise_authors au WHERE au.exercise_video_id = t.exercise_video_id AND au.user_id = ?) AS caller_is_author
         FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id
         JOIN personal_exercise_threads t ON t.id = a.thread_id JOIN exercise_videos e ON e.id = t.exercise_video_id
        WHERE a.id = ? AND a.tenant_id = ?`,
      [callerId, id, tenantId],
    );
    return r.rows[0];
  }

  /** A page of a thread's attempts by number, read only within the caller's thread scope. */
  async pageInScope(scope: ThreadScope, threadId: string, afterNumber: number, limit: number, db: Queryable = this.db): Promise<AttemptRow[]> {
    if (scope.kind === 'none') return [];
    const r = await db.raw<{ rows: AttemptRow[] }>(
      `SELECT ${COLUMNS} FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id
        WHERE a.thread_id = :thread AND a.number > :after
          AND EXISTS (SELECT 1 FROM personal_exercise_threads t WHERE t.id = :thread AND ${threadScopeSql(scope)})
        ORDER BY a.number LIMIT :limit`,
      { thread: threadId, after: afterNumber, limit, tenant: scope.tenantId, caller: scope.userId },
    );
    return r.rows;
  }

  /** The exercise's limits for a thread's attempts, and how many attempts count towards max_attempts (not failed). */
  async limits(threadId: string, db: Queryable = this.db): Promise<{ max_attempts: number | null; max_attempt_seconds: number | null; counted: number }> {
    const r = await db.raw<{ rows: { max_attempts: number | null; max_attempt_seconds: number | null; counted: number }[] }>(
      `SELECT e.max_attempts, e.max_attempt_seconds,
              (SELECT count(*)::int FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id WHERE a.thread_id = t.id AND m.status <> 'failed') AS counted
         FROM personal_exercise_threads t JOIN exercise_videos e ON e.id = t.exercise_video_id WHERE t.id = ?`,
      [threadId],
    );
    return r.rows[0]!;
  }

  /** A comment's target: the attempt when it is in the thread, with its media's duration and status. */
  async target(threadId: string, attemptId: string, db: Queryable = this.db): Promise<{ duration_ms: number | null; status: string } | undefined> {
    const r = await db.raw<{ rows: { duration_ms: number | null; status: string }[] }>(
      'SELECT m.duration_ms, m.status FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id WHERE a.id = ? AND a.thread_id = ?',
      [attemptId, threadId],
    );
    return r.rows[0];
  }

  /** How many attempts numbered before `number` in the thread were accepted (uploaded, not failed). */
  async acceptedBefore(threadId: string, number: number, db: Queryable = this.db): Promise<number> {
    const r = await db.raw<{ rows: { n: number }[] }>(
      `SELECT count(*)::int AS n FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id
        WHERE a.thread_id = ? AND a.number < ? AND m.status NOT IN ('pending', 'failed')`,
      [threadId, number],
    );
    return r.rows[0]!.n;
  }

  async setSyncOffset(id: string, syncOffsetMs: number, db: Queryable = this.db): Promise<AttemptRow | undefined> {
    await db.raw('UPDATE attempts SET sync_offset_ms = ? WHERE id = ?', [syncOffsetMs, id]);
    return this.findById(id, db);
  }

  /** Deletes the attempt made from a media asset (its comments go with it, by key); undefined when there is none. */
  async deleteByAsset(assetId: string, db: Queryable = this.db): Promise<{ id: string; tenant_id: string; thread_id: string; number: number } | undefined> {
    const r = await db.raw<{ rows: { id: string; tenant_id: string; thread_id: string; number: number }[] }>(
      'DELETE FROM attempts WHERE media_asset_id = ? RETURNING id, tenant_id, thread_id, number',
      [assetId],
    );
    return r.rows[0];
  }

  /**
   * Deletes the attempt (its comments go with it, by key) unless an author has commented on it.
   * The author's first comment sets feedback_at on this row, so a delete racing it waits for the
   * row and then finds it set. Undefined when nothing was deleted.
   */
  async deleteUnlessFeedback(id: string, db: Queryable = this.db): Promise<{ id: string } | undefined> {
    const r = await db.raw<{ rows: { id: string }[] }>('DELETE FROM attempts WHERE id = ? AND feedback_at IS NULL RETURNING id', [id]);
    return r.rows[0];
  }
}
