import type { Knex } from 'knex';
import type { CommentRow } from '../comments/comment-view.ts';
import { commentColumns } from '../comments/comments.repository.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';

export interface ReportRow {
  id: string;
  status: 'open' | 'dismissed' | 'actioned';
  reason: string;
  created_at: Date;
  comment_id: string;
  exercise_id: string;
  exercise_title: string;
  cursor_at: string;
}

const COMMENT = `SELECT ${commentColumns('c')} FROM video_comments c JOIN users u ON u.id = c.author_id`;

export class ModerationRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  async listReports(tenantId: string, status: string, after: { at: string; id: string } | undefined, limit: number, db: Queryable = this.db): Promise<ReportRow[]> {
    const bindings: Knex.RawBinding[] = [tenantId, status];
    let keyset = '';
    if (after) {
      keyset = 'AND (r.created_at, r.id) > (CAST(? AS timestamptz), CAST(? AS uuid))';
      bindings.push(after.at, after.id);
    }
    bindings.push(limit);
    const r = await db.raw<{ rows: ReportRow[] }>(
      `SELECT r.id, r.status, r.reason, r.created_at, CAST(r.created_at AS text) AS cursor_at, r.comment_id, e.id AS exercise_id, e.title AS exercise_title
         FROM comment_reports r
         JOIN video_comments c ON c.id = r.comment_id
         JOIN personal_exercise_threads t ON t.id = c.thread_id
         JOIN exercise_videos e ON e.id = t.exercise_video_id
        WHERE r.tenant_id = ? AND r.status = ? ${keyset}
        ORDER BY r.created_at, r.id LIMIT ?`,
      bindings,
    );
    return r.rows;
  }

  async commentsByIds(ids: string[], db: Queryable = this.db): Promise<CommentRow[]> {
    if (ids.length === 0) return [];
    const r = await db.raw<{ rows: CommentRow[] }>(`${COMMENT} WHERE c.id = ANY(?::uuid[])`, [ids]);
    return r.rows;
  }

  /** A comment a moderator may act on: in their tenant and reported at least once. */
  async findReportedComment(tenantId: string, commentId: string, db: Queryable = this.db): Promise<CommentRow | undefined> {
    const r = await db.raw<{ rows: CommentRow[] }>(
      `${COMMENT} WHERE c.id = ? AND EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id AND r.tenant_id = ?)`,
      [commentId, tenantId],
    );
    return r.rows[0];
  }

  async findReport(tenantId: string, reportId: string, db: Queryable = this.db): Promise<{ id: string; comment_id: string; status: string } | undefined> {
    return db('comment_reports').where({ tenant_id: tenantId, id: reportId }).first('id', 'comment_id', 'status');
  }

  async resolveReports(commentId: string, status: 'actioned' | 'dismissed', reportId: string | undefined, db: Queryable = this.db): Promise<void> {
    const q = db('comment_reports').where({ comment_id: commentId, status: 'open' });
    if (reportId) q.andWhere({ id: reportId });
    await q.update({ status, resolved_at: db.fn.now() });
  }

  async insertAction(a: { tenant_id: string; moderator_id: string; comment_id: string; report_id?: string; action: 'hide' | 'unhide' | 'dismiss'; reason?: string }, db: Queryable = this.db): Promise<void> {
    await db('moderation_actions').insert(a);
  }
}
