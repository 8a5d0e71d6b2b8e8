import { z } from 'zod';
import { Cursor, Id, Seconds, Text, Timestamp, page } from './common.ts';

export const InboxQuery = z.strictObject({
  exercise_id: Id.optional(),
  /** One of our LTI contexts (a course): the threads of the exercises placed in it. */
  context_id: Id.optional(),
  /** Part of the student's name, any case. */
  q: Text().trim().max(100).optional(),
  awaiting: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const InboxItemView = z
  .object({
    /** The thread's id. */
    id: Id,
    exercise: z.object({ id: Id, title: z.string() }),
    owner: z.object({ id: Id, name: z.string() }),
    awaiting_reply: z.boolean(),
    /** When the student's oldest unanswered comment was written; null when nothing waits. */
    awaiting_since: Timestamp.nullable(),
    /** Where the thread opens: the student's oldest comment still waiting for a reply. */
    oldest_unanswered: z.object({ comment_id: Id, t_start: Seconds }).nullable(),
    unread_count: z.int(),
    last_message: z
      .object({
        comment_id: Id,
        author: z.object({ id: Id, name: z.string() }),
        /** The start of the body; null when the body is withheld (hidden by a moderator). */
        excerpt: z.string().nullable(),
        at: Timestamp,
      })
      .nullable(),
    last_activity_at: Timestamp,
    /** When an author last marked it done ("no reply needed"). */
    done_at: Timestamp.nullable(),
    last_seq: z.int(),
  })
  .meta({ id: 'InboxItem' });

export type InboxItemView = z.infer<typeof InboxItemView>;

export const InboxPage = page(InboxItemView);
