import { z } from 'zod';
import { Id, operations } from './common.ts';

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

export const RosterView = z.object({ data: z.array(RosterLearnerView) });
export type RosterView = z.infer<typeof RosterView>;

export const RosterOps = operations('Roster', {
  get: {
    summary:
      'The learners of the LMS courses the exercise is placed in (authors of the exercise only), including those who never opened it (started: false), as of the last roster sync (NRPS); empty where the LMS offers no roster',
    responses: { 200: { description: 'Every learner, by name', schema: RosterView } },
  },
});
