import { z } from 'zod';
import { Cursor, Id, Timestamp, TrimmedText, operations, page } from './common.ts';
import { CommentView } from './comments.ts';

export const ReasonBody = z.strictObject({ reason: TrimmedText(1000) });
export const OptionalReasonBody = z.strictObject({ reason: TrimmedText(1000).optional() }).optional();

export const ReportListQuery = z.strictObject({
  status: z.enum(['open', 'dismissed', 'actioned']).default('open'),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** What a moderator sees: the reported comment, its parent and the exercise's title. Nothing else of the thread. */
export const ReportView = z
  .object({
    id: Id,
    status: z.enum(['open', 'dismissed', 'actioned']),
    reason: z.string(),
    created_at: Timestamp,
    comment: CommentView,
    parent: CommentView.nullable(),
    exercise: z.object({ id: Id, title: z.string() }),
  })
  .meta({ id: 'Report' });

export const ModerationOps = operations('Moderation', {
  listReports: { summary: 'Reports to act on (moderators)', responses: { 200: { description: 'A page of reports', schema: page(ReportView) } } },
  hide: { summary: 'Hide a reported comment (moderators)', responses: { 200: { description: 'The comment, hidden', schema: CommentView } } },
  unhide: { summary: 'Unhide a comment (moderators)', responses: { 200: { description: 'The comment', schema: CommentView } } },
  dismiss: { summary: 'Dismiss a report (moderators)', responses: { 204: { description: 'Dismissed' } } },
});
