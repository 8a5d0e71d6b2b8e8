import { z } from 'zod';
import { Cursor, Id, Seconds, Text, Timestamp, operations, page } from './common.ts';

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

/** A course (one of our LTI contexts) holding an exercise the instructor authors: an option of the inbox's "Course" filter. */
export const InboxCourseView = z.object({ id: Id, title: z.string() }).meta({ id: 'InboxCourse' });
export type InboxCourseView = z.infer<typeof InboxCourseView>;
export const InboxCourses = z.object({ data: z.array(InboxCourseView) });

export const InboxOps = operations('Inbox', {
  list: {
    summary: 'The instructor’s inbox: every thread of the exercises they author, waiting ones first (the longest waiting first), then the rest (latest activity first)',
    responses: { 200: { description: 'A page of the inbox', schema: InboxPage }, 403: { description: 'Not an instructor', problems: ['forbidden'] } },
  },
  courses: {
    summary: 'The courses (LTI contexts) that hold exercises the instructor authors, by title: the values of GET /inbox’s context_id',
    responses: { 200: { description: 'The courses', schema: InboxCourses }, 403: { description: 'Not an instructor', problems: ['forbidden'] } },
  },
  done: {
    summary: 'Mark a thread done ("no reply needed"): it stops waiting, for every author, until the student writes again; read for the caller',
    responses: { 200: { description: 'The thread as the inbox shows it', schema: InboxItemView }, 404: { description: 'Not in the caller’s inbox', problems: ['not-found'] } },
  },
});
