import { z } from 'zod';
import { Id, TextKeyCursor, operations, page } from './common.ts';

/** A learner of the course an exercise is placed in, as the LMS states it (NRPS), with their thread if they started one. */
export const RosterLearnerView = z
  .object({
    /** As the platform shares it; null when its privacy settings share no name. */
    name: z.string().nullable(),
    /** Null until the learner first launches the tool. */
    user_id: Id.nullable(),
    /** Null: not started (only the learner starts their thread). */
    thread_id: Id.nullable(),
    started: z.boolean(),
  })
  .meta({ id: 'RosterLearner' });
export type RosterLearnerView = z.infer<typeof RosterLearnerView>;

/** Pages like every list; `limit` as GET /threads. */
export const RosterQuery = z.strictObject({
  cursor: TextKeyCursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `data` as before paging, with `next_cursor` (null on the last page). */
export const RosterView = page(RosterLearnerView);
export type RosterView = z.infer<typeof RosterView>;

export const RosterOps = operations('Roster', {
  get: {
    summary:
      'The learners of the LMS courses the exercise is placed in (authors of the exercise only), including those who never opened it (started: false), as of the last roster sync (NRPS); empty where the LMS offers no roster',
    responses: { 200: { description: 'A page of the learners, by name (those the platform names none last); follow next_cursor for the rest', schema: RosterView } },
  },
});
