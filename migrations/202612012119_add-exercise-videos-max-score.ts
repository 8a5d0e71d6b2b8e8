import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The most points a thread of the exercise can be given (null: 100), unless the platform's
  // line item says otherwise.
  await knex.schema.alterTable('exercise_videos', (t) => {
    t.double('max_score');
  });
  await knex.raw('ALTER TABLE exercise_videos ADD CONSTRAINT exercise_videos_max_score_positive CHECK (max_score IS NULL OR max_score > 0)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exercise_videos', (t) => {
    t.dropColumn('max_score');
  });
}
