import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Exercises created through a course's Deep Linking belong to that course; exercises in no
  // course are tenant-wide.
  await knex.schema.createTable('lti_context_exercises', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('context_id').notNullable();
    t.uuid('exercise_video_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['context_id', 'exercise_video_id']);
    t.foreign(['tenant_id', 'context_id']).references(['tenant_id', 'id']).inTable('lti_contexts').onDelete('CASCADE');
    t.foreign(['tenant_id', 'exercise_video_id']).references(['tenant_id', 'id']).inTable('exercise_videos').onDelete('CASCADE');
    t.index(['exercise_video_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lti_context_exercises');
}
