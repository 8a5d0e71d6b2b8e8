import type { Knex } from 'knex';

// What an exercise allows its learners' attempts (issue 18): how many (failed ones do not count)
// and how long, in seconds; null for no limit. The attempts trigger enforces the count.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exercise_videos', (t) => {
    t.integer('max_attempts');
    t.integer('max_attempt_seconds');
  });
  await knex.raw(`
    ALTER TABLE exercise_videos
      ADD CONSTRAINT exercise_videos_max_attempts_check CHECK (max_attempts IS NULL OR max_attempts BETWEEN 1 AND 100),
      ADD CONSTRAINT exercise_videos_max_attempt_seconds_check CHECK (max_attempt_seconds IS NULL OR max_attempt_seconds BETWEEN 1 AND 14400)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exercise_videos', (t) => {
    t.dropColumn('max_attempts');
    t.dropColumn('max_attempt_seconds');
  });
}
