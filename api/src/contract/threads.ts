import { z } from 'zod';
import { Cursor, Id, Timestamp, operations, page } from './common.ts';

export const CreateThreadBody = z.strictObject({ exercise_video_id: Id });

export const ThreadListQuery = z.strictObject({
  exercise_video_id: Id.optional(),
  sort: z.enum(['last_activity', '-last_activity']).default('-last_activity'),
  awaiting_reply: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const MarkReadBody = z.strictObject({ seq: z.int().min(0) });

export const ThreadView = z
  .object({
    id: Id,
    exercise_video_id: Id,
    owner: z.object({ id: Id, name: z.string() }),
    comment_count: z.int(),
    last_seq: z.int(),
    last_activity_at: Timestamp,
    unread_count: z.int(),
    awaiting_reply: z.boolean(),
    read_only: z.boolean(),
    created_at: Timestamp,
  })
  .meta({ id: 'Thread' });

export type ThreadView = z.infer<typeof ThreadView>;

export const ThreadOps = operations('Threads', {
  create: {
    summary: 'Open the caller’s personal thread on an exercise (learners; an upsert)',
    responses: { 201: { description: 'Created', schema: ThreadView }, 200: { description: 'The caller’s existing thread', schema: ThreadView } },
  },
  list: {
    summary: 'Threads the caller may see: a learner their own, an author every thread of their exercises',
    responses: { 200: { description: 'A page of threads', schema: page(ThreadView) } },
  },
  get: { summary: 'One thread', responses: { 200: { description: 'The thread', schema: ThreadView } } },
  markRead: { summary: 'Mark the thread read up to a seq', responses: { 200: { description: 'The thread', schema: ThreadView } } },
});
