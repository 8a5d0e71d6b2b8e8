import type { Knex } from 'knex';

/**
 * Every new comment updates its thread's row (the seq, the latest comment, the time of the last
 * activity, the wait). With `last_activity_at` in an index, none of those updates could be HOT
 * (heap-only): each wrote a new entry into every index of the table, and a busy thread's entries
 * piled up as dead versions until vacuum, which the scope check of every page read then walked
 * (issue 16: page reads fell to 0.6 of the bare handler once the benchmark's threads had a few
 * thousand comments each). Threads are listed by exercise and sorted in memory (an exercise has at
 * most a course's learners), so the index keeps `exercise_video_id` alone, and pages are left 30%
 * free so that the new version of a row fits beside the old one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('personal_exercise_threads', (t) => {
    t.dropIndex(['exercise_video_id', 'last_activity_at']);
    t.index(['exercise_video_id']);
  });
  await knex.raw('ALTER TABLE personal_exercise_threads SET (fillfactor = 70)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE personal_exercise_threads RESET (fillfactor)');
  await knex.schema.alterTable('personal_exercise_threads', (t) => {
    t.dropIndex(['exercise_video_id']);
    t.index(['exercise_video_id', 'last_activity_at']);
  });
}
