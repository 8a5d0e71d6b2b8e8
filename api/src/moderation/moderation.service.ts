import type { z } from 'zod';
import { mayModerate } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Principal, UserPrincipal } from '../auth/principal.ts';
import { toCommentView, type CommentRow } from '../comments/comment-view.ts';
import type { CommentsRepository } from '../comments/comments.repository.ts';
import type { CommentView } from '../contract/comments.ts';
import type { ReportListQuery } from '../contract/moderation.ts';
import type { Database } from '../db/database.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import { ForbiddenError, NotFoundError } from '../errors/domain-errors.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { ModerationRepository } from './moderation.repository.ts';

/**
 * Moderators act on reported comments, apart from the conversation: they see a reported
 * comment, its parent and the exercise's title; they hide, unhide or dismiss; they never list
 * threads nor post. Moderation writes hidden_at and moderation_actions, never a body or an author.
 */
export class ModerationService {
  constructor(
    private readonly db: Database,
    private readonly moderation: ModerationRepository,
    private readonly comments: CommentsRepository,
    private readonly live: LivePublisher,
    private readonly audit: AuditService,
  ) {}

  private moderator(p: Principal, action: string): UserPrincipal {
    if (!mayModerate(p)) {
      this.audit.record(p, action, 'denied', null);
      throw new ForbiddenError('Moderators only.');
    }
    return p as UserPrincipal;
  }

  async listReports(p: Principal, q: z.output<typeof ReportListQuery>) {
    const m = this.moderator(p, 'moderation.list');
    const after = q.cursor ? decodeCursor<[string, string]>(q.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.moderation.listReports(m.tenantId, q.status, after && { at: after[0], id: after[1] }, q.limit + 1);
    const page = rows.slice(0, q.limit);
    const comments = new Map((await this.moderation.commentsByIds(page.map((r) => r.comment_id))).map((c) => [c.id, c]));
    const parentIds = [...comments.values()].flatMap((c) => (c.parent_id ? [c.parent_id] : []));
    const parents = new Map((await this.moderation.commentsByIds(parentIds)).map((c) => [c.id, c]));
    const view = (c: CommentRow) => toCommentView(c, p, true);
    const data = page.map((r) => {
      const comment = comments.get(r.comment_id)!;
      const parent = comment.parent_id ? parents.get(comment.parent_id) : undefined;
      return {
        id: r.id,
        status: r.status,
        reason: r.reason,
        created_at: r.created_at.toISOString(),
        comment: view(comment),
        parent: parent ? view(parent) : null,
        exercise: { id: r.exercise_id, title: r.exercise_title },
      };
    });
    const last = page.at(-1);
    return { data, next_cursor: rows.length > q.limit && last ? encodeCursor([last.cursor_at, last.id]) : null };
  }

  async hide(p: Principal, commentId: string, reason: string): Promise<CommentView> {
    return this.setHidden(p, commentId, true, reason);
  }

  async unhide(p: Principal, commentId: string, reason?: string): Promise<CommentView> {
    return this.setHidden(p, commentId, false, reason);
  }

  private async setHidden(p: Principal, commentId: string, hidden: boolean, reason: string | undefined): Promise<CommentView> {
    const m = this.moderator(p, hidden ? 'moderation.hide' : 'moderation.unhide');
    const updated = await this.db.transaction(async (trx) => {
      const comment = await this.moderation.findReportedComment(m.tenantId, commentId, trx);
      if (!comment) throw new NotFoundError('reported comment');
      const row = await this.comments.update(commentId, { hidden }, trx);
      await this.moderation.insertAction({ tenant_id: m.tenantId, moderator_id: m.userId, comment_id: commentId, action: hidden ? 'hide' : 'unhide', ...(reason && { reason }) }, trx);
      if (hidden) await this.moderation.resolveReports(commentId, 'actioned', undefined, trx);
      return row;
    });
    this.live.comment(hidden ? 'comment:hidden' : 'comment:unhidden', toCommentView(updated), m.tenantId);
    return toCommentView(updated, p, true);
  }

  async dismiss(p: Principal, reportId: string, reason?: string): Promise<void> {
    const m = this.moderator(p, 'moderation.dismiss');
    await this.db.transaction(async (trx) => {
      const report = await this.moderation.findReport(m.tenantId, reportId, trx);
      if (!report) throw new NotFoundError('report');
      await this.moderation.resolveReports(report.comment_id, 'dismissed', reportId, trx);
      await this.moderation.insertAction({ tenant_id: m.tenantId, moderator_id: m.userId, comment_id: report.comment_id, report_id: reportId, action: 'dismiss', ...(reason && { reason }) }, trx);
    });
  }
}
