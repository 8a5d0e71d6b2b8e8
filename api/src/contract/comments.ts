import { z } from 'zod';
import { Cursor, Id, Seconds, Text, Timestamp, operations, page } from './common.ts';
import { CommentMarkerView, MarkerIds } from './feedback.ts';
import { RoleName } from './tokens.ts';

export const MAX_BODY_CHARS = 5000;

const Body = Text()
  .max(MAX_BODY_CHARS, { message: `Must be at most ${MAX_BODY_CHARS} characters.` })
  .refine((s) => s.trim().length > 0, 'Must not be empty.');

export const CreateCommentBody = z
  .strictObject({ thread_id: Id, t_start: Seconds.optional(), t_end: Seconds.optional(), body: Body, parent_id: Id.optional(), marker_ids: MarkerIds.optional() })
  .refine((b) => b.t_start !== undefined || b.parent_id !== undefined, { message: 'Required.', path: ['t_start'] })
  .refine((b) => b.t_end === undefined || b.t_start === undefined || b.t_end >= b.t_start, {
    message: 'Must not be before t_start.',
    path: ['t_end'],
  });

export const PatchCommentBody = z
  .strictObject({ body: Body.optional(), t_start: Seconds.optional(), t_end: Seconds.optional(), marker_ids: MarkerIds.optional() })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field.')
  .refine((b) => b.t_end === undefined || b.t_start === undefined || b.t_end >= b.t_start, {
    message: 'Must not be before t_start.',
    path: ['t_end'],
  });

export const CommentListQuery = z.strictObject({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  since_seq: z
    .string()
    .regex(/^\d{1,10}$/, 'Must be a whole number of at most 10 digits.')
    .transform(Number)
    .pipe(z.int().max(2_147_483_647, 'Must be at most 2147483647.'))
    .optional(),
});

export const ReportBody = z.strictObject({ reason: Text().trim().min(1).max(1000) });

export const CommentView = z
  .object({
    id: Id,
    thread_id: Id,
    seq: z.int(),
    author: z.object({ id: Id, name: z.string(), role: RoleName }),
    t_start: z.number(),
    t_end: z.number(),
    body: z.string().nullable(),
    parent_id: Id.nullable(),
    created_at: Timestamp,
    /** Any change (a moderator's hide too). */
    updated_at: Timestamp,
    /** The author's last edit of the body or times; null when never edited: show "edited" by this. */
    edited_at: Timestamp.nullable(),
    deleted: z.boolean(),
    hidden: z.boolean(),
    /** The markers it carries, as set with `marker_ids` on create or edit (label order). */
    marker_ids: z.array(Id),
    /** The same markers with their label and colour, for readers who cannot list the instructor's bank. */
    markers: z.array(CommentMarkerView),
  })
  .meta({ id: 'Comment' });

export type CommentView = z.infer<typeof CommentView>;

export const ReportCreated = z.object({ id: z.uuid(), status: z.enum(['open', 'dismissed', 'actioned']) });

export const CommentOps = operations('Comments', {
  list: {
    summary: 'The thread’s comments by timecode (keyset pages), or with since_seq every change after a seq, in seq order',
    responses: { 200: { description: 'A page of comments', schema: page(CommentView) } },
  },
  create: {
    summary: 'Post a comment at a moment or range (owner and exercise authors)',
    headers: [{ name: 'Idempotency-Key', description: 'Retries with the same key and body return the first answer; kept for the comment’s life (at least 24 h).' }],
    responses: { 201: { description: 'Created (or the original answer to a retry)', schema: CommentView } },
  },
  update: { summary: 'Edit one’s own comment', responses: { 200: { description: 'The comment', schema: CommentView } } },
  remove: { summary: 'Delete one’s own comment (it keeps its place, not its body)', responses: { 204: { description: 'Deleted' } } },
  report: {
    summary: 'Report a comment to the moderators (a participant, not on their own comment)',
    responses: { 201: { description: 'Reported', schema: ReportCreated }, 200: { description: 'Already reported by the caller', schema: ReportCreated } },
  },
});
