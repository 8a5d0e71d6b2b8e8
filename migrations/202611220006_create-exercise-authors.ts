import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The creator plus co-authors: everyone who may see every thread of the exercise.
  await knex.schema.createTable('exercise_authors', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('exercise_video_id').notNullable();
    t.uuid('user_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['exercise_video_id', 'user_id']);
    t.foreign(['tenant_id', 'exercise_video_id']).references(['tenant_id', 'id']).inTable('exercise_videos').onDelete('CASCADE');
    t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('exercise_authors');
}
