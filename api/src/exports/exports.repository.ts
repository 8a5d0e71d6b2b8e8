import { type Connection, type Queryable, queryable } from '../db/types.ts';
import type { ExportComment, ExportPages } from './export-rows.ts';

/** The exercise behind an export, with what the access policy and the IRIs need. */
export interface ExportExerciseRow {
  id: string;
  tenant_id: string;
  title: string;
  duration_ms: number | null;
  source_type: 'youtube' | 'upload' | 'url';
  youtube_id: string | null;
  source_url: string | null;
  caller_is_author: boolean;
}

export interface ExportThreadRow {
  id: string;
  owner_id: string;
  student_name: string;
  exercise_video_id: string;
}

/** Rows per keyset page: big enough to cost few round trips, small enough to bound memory. */
export const EXPORT_PAGE_SIZE = 200;

type KeyedRow = ExportComment & { k: string[] };

// Export order (see ExportPages): thread by thread for an exercise, then by start time, then a
// comment's replies right after it. Timestamps in keys are read at full precision, as text.
const KEY = `(t.created_at, t.id, c.t_start_ms, COALESCE(p.created_at, c.created_at), COALESCE(c.parent_id, c.id), c.parent_id IS NOT NULL, c.created_at, c.id)`;
const AFTER = `(?::timestamptz, ?::uuid, ?::int, ?::timestamptz, ?::uuid, ?::boolean, ?::timestamptz, ?::uuid)`;

const SELECT = `
  SELECT c.id, c.thread_id, c.parent_id,
         (p.id IS NOT NULL AND p.deleted_at IS NULL AND p.hidden_at IS NULL) AS parent_exported,
         c.author_id, u.display_name AS author_name, u.role AS author_role, o.display_name AS student_name,
         c.t_start_ms, c.t_end_ms, c.body, et_iso(c.created_at) AS created_at, et_iso(c.updated_at) AS updated_at,
         c.hidden_at IS NOT NULL AS hidden, c.deleted_at IS NOT NULL AS deleted,
         ARRAY[t.created_at::text, t.id::text, c.t_start_ms::text, COALESCE(p.created_at, c.created_at)::text,
               COALESCE(c.parent_id, c.id)::text, (c.parent_id IS NOT NULL)::text, c.created_at::text, c.id::text] AS k
    FROM video_comments c
    JOIN personal_exercise_threads t ON t.id = c.thread_id
    JOIN users o ON o.id = t.owner_id
    JOIN users u ON u.id = c.author_id
    LEFT JOIN video_comments p ON p.id = c.parent_id`;

export class ExportsRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  async exercise(tenantId: string, exerciseId: string, callerId: string | null): Promise<ExportExerciseRow | undefined> {
    const r = await this.db.raw<{ rows: ExportExerciseRow[] }>(
      `SELECT e.id, e.tenant_id, e.title, e.duration_ms, e.source_type, e.youtube_id, e.source_url,
              EXISTS (SELECT 1 FROM exercise_authors a WHERE a.exercise_video_id = e.id AND a.user_id = ?) AS caller_is_author
         FROM exercise_videos e WHERE e.tenant_id = ? AND e.id = ?`,
      [callerId, tenantId, exerciseId],
    );
    return r.rows[0];
  }

  async thread(tenantId: string, threadId: string): Promise<ExportThreadRow | undefined> {
    const r = await this.db.raw<{ rows: ExportThreadRow[] }>(
      `SELECT t.id, t.owner_id, o.display_name AS student_name, t.exercise_video_id
         FROM personal_exercise_threads t JOIN users o ON o.id = t.owner_id WHERE t.tenant_id = ? AND t.id = ?`,
      [tenantId, threadId],
    );
    return r.rows[0];
  }

  /** Whether the attempt is one of the thread's. */
  async attemptInThread(threadId: string, attemptId: string): Promise<boolean> {
    const r = await this.db.raw<{ rows: unknown[] }>('SELECT 1 FROM attempts WHERE id = ? AND thread_id = ?', [attemptId, threadId]);
    return r.rows.length > 0;
  }

  /**
   * A thread's (or an exercise's) shown comments in export order, a keyset page at a time: each
   * page is one query that starts after the last row of the one before, so memory stays at one
   * page whatever the size.
   */
  async *comments(scope: ({ threadId: string } | { exerciseId: string }) & { attemptId?: string | null }, pageSize = EXPORT_PAGE_SIZE): ExportPages {
    const [column, id] = 'threadId' in scope ? ['c.thread_id', scope.threadId] : ['t.exercise_video_id', scope.exerciseId];
    // One video's comments: the model's (attempt_id null), or one attempt's; their times are on that video.
    const target = scope.attemptId ? 'AND c.attempt_id = ?' : 'AND c.attempt_id IS NULL';
    const targetBinding = scope.attemptId ? [scope.attemptId] : [];
    let after: string[] | undefined;
    for (;;) {
      const r = await this.db.raw<{ rows: KeyedRow[] }>(
        `${SELECT}
          WHERE ${column} = ? ${target} AND c.deleted_at IS NULL AND c.hidden_at IS NULL ${after ? `AND ${KEY} > ${AFTER}` : ''}
          ORDER BY ${KEY.slice(1, -1)}
          LIMIT ?`,
        [id, ...targetBinding, ...(after ?? []), pageSize],
      );
      if (r.rows.length === 0) return;
      after = r.rows.at(-1)!.k;
      yield r.rows.map(({ k: _k, ...row }) => row);
      if (r.rows.length < pageSize) return;
    }
  }
}
