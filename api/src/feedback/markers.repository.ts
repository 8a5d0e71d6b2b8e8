import type { AuthorScope } from '../access/policy.ts';
import { feedbackScopeSql } from '../access/thread-scope-sql.ts';
import type { Queryable } from '../db/types.ts';
import { FeedbackBankRepository, type BankRow } from './feedback-bank.repository.ts';

export interface MarkerRow extends BankRow {
  label: string;
  /** '#rrggbb', lower case. */
  color: string;
}

export type MarkerFields = { label: string; color: string };

/** A marker as a comment shows it, to whoever may read the comment. */
export interface CommentMarkerRow {
  comment_id: string;
  id: string;
  label: string;
  color: string;
}

/** Coloured labels for comments: listed by label; a comment carries any number of them. */
export class MarkersRepository extends FeedbackBankRepository<MarkerRow, MarkerFields> {
  protected readonly table = 'feedback_markers';
  protected readonly sortColumn = 'label';

  /** Of these ids, the markers the caller may attach (their own, or their exercises'). */
  async usable(scope: AuthorScope, ids: string[], db: Queryable = this.db): Promise<string[]> {
    if (scope.kind === 'none' || ids.length === 0) return [];
    const r = await db.raw<{ rows: { id: string }[] }>(`SELECT f.id FROM feedback_markers f WHERE f.id = ANY(CAST(:ids AS uuid[])) AND ${feedbackScopeSql(scope)}`, {
      tenant: scope.tenantId,
      caller: scope.userId,
      ids,
    });
    return r.rows.map((row) => row.id);
  }

  /** Sets the markers a comment carries (the caller's service has checked them with `usable`). */
  async setForComment(tenantId: string, commentId: string, markerIds: string[], db: Queryable = this.db): Promise<void> {
    await db('comment_markers').where({ comment_id: commentId }).whereNot((w) => w.whereIn('marker_id', markerIds)).delete();
    if (markerIds.length === 0) return;
    await db('comment_markers')
      .insert(markerIds.map((marker_id) => ({ tenant_id: tenantId, comment_id: commentId, marker_id })))
      .onConflict(['comment_id', 'marker_id'])
      .ignore();
  }

  /** The markers of these comments, in label order. */
  async forComments(commentIds: string[], db: Queryable = this.db): Promise<CommentMarkerRow[]> {
    if (commentIds.length === 0) return [];
    const r = await db.raw<{ rows: CommentMarkerRow[] }>(
      `SELECT cm.comment_id, m.id, m.label, m.color FROM comment_markers cm JOIN feedback_markers m ON m.id = cm.marker_id
        WHERE cm.comment_id = ANY(CAST(:ids AS uuid[])) ORDER BY lower(m.label), m.id`,
      { ids: commentIds },
    );
    return r.rows;
  }
}
