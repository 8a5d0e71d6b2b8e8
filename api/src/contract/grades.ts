import { z } from 'zod';
import { Text, operations } from './common.ts';

/** Points of an exercise whose max_score is not set and whose gradebook column names none. */
export const DEFAULT_MAX_SCORE = 100;

/** `PUT /threads/:id/grade`: a score from 0 to the thread's maximum, and an optional comment. */
export const GradeBody = z.strictObject({
  score: z.number().finite().min(0, 'A score is 0 or more.'),
  comment: Text().max(2000).nullable().optional(),
});

export const PassbackView = z.object({
  /** pending: queued or being retried; sent: the platform has it; failed: given up (resend); not_applicable: no gradebook (graded locally). */
  state: z.enum(['pending', 'sent', 'failed', 'not_applicable']),
  error: z.string().nullable(),
});

export const GradeView = z.object({
  score: z.number().nullable(),
  comment: z.string().nullable(),
  max_score: z.number(),
  graded_at: z.string().nullable(),
  passback: PassbackView,
});
export type GradeView = z.infer<typeof GradeView>;

/** The live event `grade:updated`, to the thread's room. */
export type GradeEvent = GradeView & { thread_id: string };

export const GradeOps = operations('Grades', {
  get: { summary: 'The thread’s grade and the state of its passback to the LMS gradebook (owner and authors)', responses: { 200: { description: 'The grade (score null when none yet)', schema: GradeView } } },
  set: {
    summary: 'Grade the thread (authors of its exercise): a score from 0 to max_score and an optional comment; posted to the LMS gradebook when the thread belongs to a course',
    responses: { 200: { description: 'The grade', schema: GradeView } },
  },
  resend: { summary: 'Post the grade to the LMS gradebook again (authors)', responses: { 200: { description: 'The grade, its passback pending again', schema: GradeView } } },
});
