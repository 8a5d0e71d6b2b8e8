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

/**
 * Coloured labels for comments: listed by label; a comment carries any number of them (written
 * with the comment, by the comments repository, in the comment's own statement).
 */
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

}
