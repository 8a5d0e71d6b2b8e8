import { type Connection, type Queryable, queryable } from '../db/types.ts';

export type DataExportStatus = 'pending' | 'running' | 'ready' | 'failed';

export interface DataExportRow {
  id: string;
  tenant_id: string;
  user_id: string;
  requested_by: 'user' | 'api_key';
  status: DataExportStatus;
  object_key: string | null;
  size_bytes: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  expires_at: string | null;
}

export interface MediaObjectRow {
  id: string;
  file_name: string;
  content_type: string;
  source_key: string;
  status: string;
}

const COLUMNS = `id, tenant_id, user_id, requested_by, status, object_key, size_bytes::text AS size_bytes, error,
  et_iso(created_at) AS created_at, et_iso(finished_at) AS finished_at, et_iso(expires_at) AS expires_at`;

/** Rows a section reads per page. */
const PAGE = 500;

/**
 * Keyset pages of one query: `sql` selects rows with a `k` text key (unique and increasing in the
 * order given) and has one `?` for the key to start after, or NULL for the first page.
 */
async function* keyset<T extends { k: string }>(db: Queryable, sql: string, bindings: unknown[]): AsyncGenerator<Omit<T, 'k'>[]> {
  let after: string | null = null;
  for (;;) {
    const r: { rows: T[] } = await db.raw(`${sql} LIMIT ${PAGE}`, [...bindings, after, after] as never);
    if (!r.rows.length) return;
    after = r.rows.at(-1)!.k;
    yield r.rows.map(({ k: _k, ...row }) => row);
    if (r.rows.length < PAGE) return;
  }
}

/** A user's data export: its requests, and everything about the user that goes into data.json. */
export class DataExportRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  async insert(row: { tenant_id: string; user_id: string; requested_by: 'user' | 'api_key' }, db: Queryable = this.db): Promise<DataExportRow> {
    const r = await db.raw<{ rows: DataExportRow[] }>(`INSERT INTO data_exports (tenant_id, user_id, requested_by) VALUES (?, ?, ?) RETURNING ${COLUMNS}`, [row.tenant_id, row.user_id, row.requested_by]);
    return r.rows[0]!;
  }

  async find(tenantId: string, id: string, db: Queryable = this.db): Promise<DataExportRow | undefined> {
    const r = await db.raw<{ rows: DataExportRow[] }>(`SELECT ${COLUMNS} FROM data_exports WHERE tenant_id = ? AND id = ?`, [tenantId, id]);
    return r.rows[0];
  }

  async claim(id: string, db: Queryable = this.db): Promise<DataExportRow | undefined> {
    const r = await db.raw<{ rows: DataExportRow[] }>(`UPDATE data_exports SET status = 'running', error = NULL WHERE id = ? AND status <> 'ready' RETURNING ${COLUMNS}`, [id]);
    return r.rows[0];
  }

  async finish(id: string, objectKey: string, sizeBytes: number, ttlSeconds: number, db: Queryable = this.db): Promise<void> {
    await db.raw(`UPDATE data_exports SET status = 'ready', object_key = ?, size_bytes = ?, finished_at = now(), expires_at = now() + make_interval(secs => ?) WHERE id = ?`, [objectKey, sizeBytes, ttlSeconds, id]);
  }

  async fail(id: string, error: string, db: Queryable = this.db): Promise<void> {
    await db('data_exports').where({ id }).update({ status: 'failed', error, finished_at: db.fn.now() });
  }

  async userExists(tenantId: string, userId: string, db: Queryable = this.db): Promise<boolean> {
    return (await db('users').where({ tenant_id: tenantId, id: userId }).first('id')) !== undefined;
  }

  async profile(tenantId: string, userId: string): Promise<Record<string, unknown> | undefined> {
    const r = await this.db.raw<{ rows: Record<string, unknown>[] }>(
      `SELECT id, external_id, display_name, role, et_iso(created_at) AS created_at, et_iso(updated_at) AS updated_at FROM users WHERE tenant_id = ? AND id = ?`,
      [tenantId, userId],
    );
    return r.rows[0];
  }

  threads(userId: string) {
    return keyset(
      this.db,
      `SELECT t.id, t.exercise_video_id, e.title AS exercise_title, et_iso(t.created_at) AS created_at, et_iso(t.last_activity_at) AS last_activity_at, t.id::text AS k
         FROM personal_exercise_threads t JOIN exercise_videos e ON e.id = t.exercise_video_id
        WHERE t.owner_id = ? AND (?::text IS NULL OR t.id::text > ?) ORDER BY t.id`,
      [userId],
    );
  }

  /**
   * Every comment in the user's own threads: theirs, and the feedback they were given (its
   * author named as the thread showed it). Bodies (and drawings) they could not read (deleted; someone else's
   * hidden comment) stay out, as in the product.
   */
  commentsInOwnThreads(userId: string) {
    return keyset(
      this.db,
      `SELECT c.id, c.thread_id, c.parent_id, c.attempt_id, c.t_start_ms, c.t_end_ms, c.author_id = t.owner_id AS mine,
              u.display_name AS author_name, u.role AS author_role,
              CASE WHEN c.deleted_at IS NULL AND (c.hidden_at IS NULL OR c.author_id = t.owner_id) THEN c.body END AS body,
              CASE WHEN c.deleted_at IS NULL AND (c.hidden_at IS NULL OR c.author_id = t.owner_id) THEN c.drawing END AS drawing,
              c.deleted_at IS NOT NULL AS deleted, c.hidden_at IS NOT NULL AS hidden,
              et_iso(c.created_at) AS created_at, et_iso(c.updated_at) AS updated_at, c.id::text AS k
         FROM video_comments c JOIN personal_exercise_threads t ON t.id = c.thread_id LEFT JOIN users u ON u.id = c.author_id
        WHERE t.owner_id = ? AND (?::text IS NULL OR c.id::text > ?) ORDER BY c.id`,
      [userId],
    );
  }

  /** The user's comments in others' threads (an instructor's feedback): theirs alone, no one else's words or names. */
  commentsElsewhere(userId: string) {
    return keyset(
      this.db,
      `SELECT c.id, c.thread_id, c.parent_id, c.attempt_id, c.t_start_ms, c.t_end_ms, CASE WHEN c.deleted_at IS NULL THEN c.body END AS body,
              c.drawing, c.deleted_at IS NOT NULL AS deleted, c.hidden_at IS NOT NULL AS hidden,
              et_iso(c.created_at) AS created_at, et_iso(c.updated_at) AS updated_at, c.id::text AS k
         FROM video_comments c JOIN personal_exercise_threads t ON t.id = c.thread_id
        WHERE c.author_id = ? AND t.owner_id <> c.author_id AND (?::text IS NULL OR c.id::text > ?) ORDER BY c.id`,
      [userId],
    );
  }

  /** The user's attempts in their threads; each one's video is in media/ under its media_asset_id. */
  attempts(userId: string) {
    return keyset(
      this.db,
      `SELECT a.id, a.thread_id, a.number, a.media_asset_id, a.sync_offset_ms, et_iso(a.feedback_at) AS feedback_at, et_iso(a.created_at) AS created_at, a.id::text AS k
         FROM attempts a JOIN personal_exercise_threads t ON t.id = a.thread_id
        WHERE t.owner_id = ? AND (?::text IS NULL OR a.id::text > ?) ORDER BY a.id`,
      [userId],
    );
  }

  /** The grades of the user's own threads (who graded stays out: that is the grader's). */
  grades(userId: string) {
    return keyset(
      this.db,
      `SELECT g.thread_id, g.score, g.max_score, g.comment, et_iso(g.graded_at) AS graded_at, g.thread_id::text AS k
         FROM thread_grades g JOIN personal_exercise_threads t ON t.id = g.thread_id
        WHERE t.owner_id = ? AND (?::text IS NULL OR g.thread_id::text > ?) ORDER BY g.thread_id`,
      [userId],
    );
  }

  /**
   * The submissions of the user's own threads (their first comment or attempt, told to the LMS
   * gradebook) and whether it reached it; the LMS's error text stays out, it is about the platform.
   */
  submissions(userId: string) {
    return keyset(
      this.db,
      `SELECT s.thread_id, et_iso(s.submitted_at) AS submitted_at, s.passback_state, et_iso(s.passback_at) AS passback_at, s.thread_id::text AS k
         FROM thread_submissions s JOIN personal_exercise_threads t ON t.id = s.thread_id
        WHERE t.owner_id = ? AND (?::text IS NULL OR s.thread_id::text > ?) ORDER BY s.thread_id`,
      [userId],
    );
  }

  reports(userId: string) {
    return keyset(
      this.db,
      `SELECT id, comment_id, reason, status, et_iso(created_at) AS created_at, et_iso(resolved_at) AS resolved_at, id::text AS k
         FROM comment_reports WHERE reporter_id = ? AND (?::text IS NULL OR id::text > ?) ORDER BY id`,
      [userId],
    );
  }

  authoredExercises(userId: string) {
    return keyset(
      this.db,
      `SELECT e.id, e.title, et_iso(a.created_at) AS author_since, e.creator_id = a.user_id AS creator, e.id::text AS k
         FROM exercise_authors a JOIN exercise_videos e ON e.id = a.exercise_video_id
        WHERE a.user_id = ? AND (?::text IS NULL OR e.id::text > ?) ORDER BY e.id`,
      [userId],
    );
  }

  /** Audit entries about the user: those they acted in, and those naming them. */
  audit(tenantId: string, userId: string) {
    return keyset(
      this.db,
      `SELECT id, action, outcome, resource, detail, et_iso(created_at) AS created_at, actor_id = ? AS as_actor, lpad(id::text, 20, '0') AS k
         FROM audit_events
        WHERE tenant_id = ? AND (actor_id = ? OR strpos(COALESCE(resource, ''), ?) > 0 OR strpos(detail::text, ?) > 0)
          AND (?::text IS NULL OR lpad(id::text, 20, '0') > ?) ORDER BY id`,
      [userId, tenantId, userId, userId, userId],
    );
  }

  learningRecords(userId: string) {
    return keyset(
      this.db,
      `SELECT id, statement, et_iso(created_at) AS created_at, et_iso(sent_at) AS sent_at, id::text AS k
         FROM xapi_statements WHERE user_id = ? AND (?::text IS NULL OR id::text > ?) ORDER BY id`,
      [userId],
    );
  }

  /** The user's own uploads; their bytes go into the archive's media/ folder. */
  async media(tenantId: string, userId: string): Promise<MediaObjectRow[]> {
    const r = await this.db.raw<{ rows: MediaObjectRow[] }>(
      `SELECT id, file_name, content_type, source_key, status FROM media_assets WHERE tenant_id = ? AND owner_id = ? AND status <> 'pending' ORDER BY created_at, id`,
      [tenantId, userId],
    );
    return r.rows;
  }
}
