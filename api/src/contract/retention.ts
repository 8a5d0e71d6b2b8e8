import { z } from 'zod';
import { Id, operations, Timestamp } from './common.ts';

export const RetentionRunView = z
  .object({
    id: Id,
    started_at: Timestamp,
    finished_at: Timestamp.nullable(),
    /** Authors warned in this run (one per author and exercise). */
    warned: z.int(),
    deleted_exercises: z.int(),
    deleted_threads: z.int(),
    deleted_comments: z.int(),
    deleted_media: z.int(),
    /** Learners' attempts past `attempt_days` (their comments count in deleted_comments, their files in deleted_media). */
    deleted_attempts: z.int(),
    error: z.string().nullable(),
  })
  .meta({ id: 'RetentionRun' });

export const RetentionNoticeView = z
  .object({ id: Id, exercise_video_id: Id, exercise_title: z.string(), delete_after: Timestamp, created_at: Timestamp })
  .meta({ id: 'RetentionNotice' });

export const RetentionOps = operations('Retention', {
  runs: {
    summary: 'The retention job’s latest runs for the tenant (the API key), newest first: what each warned about and deleted',
    responses: { 200: { description: 'Up to 50 runs', schema: z.object({ data: z.array(RetentionRunView) }) } },
  },
  notices: {
    summary: 'The caller’s retention warnings (instructors): archived exercises whose threads will be deleted, and from when',
    responses: { 200: { description: 'The warnings, soonest first', schema: z.object({ data: z.array(RetentionNoticeView) }) } },
  },
});
