import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // An author's exercises read from the index alone: the inbox and the feedback bank start from them.
  await knex.schema.alterTable('exercise_authors', (t) => {
    t.index(['user_id', 'exercise_video_id'], 'exercise_authors_user_exercise_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exercise_authors', (t) => {
    t.dropIndex(['user_id', 'exercise_video_id'], 'exercise_authors_user_exercise_idx');
  });
}
