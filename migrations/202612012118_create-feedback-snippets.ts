import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // An instructor's reusable feedback: their own (no exercise) or shared with an exercise's authors.
  await knex.schema.createTable('feedback_snippets', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('owner_id').notNullable();
    t.uuid('exercise_video_id');
    t.text('title').notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['tenant_id', 'owner_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
    t.foreign(['tenant_id', 'exercise_video_id']).references(['tenant_id', 'id']).inTable('exercise_videos').onDelete('CASCADE');
    t.index(['owner_id', 'title', 'id']);
    t.index(['exercise_video_id', 'title', 'id']);
  });
  await knex.raw(`
    ALTER TABLE feedback_snippets
      ADD CONSTRAINT feedback_snippets_title_check CHECK (char_length(title) BETWEEN 1 AND 120),
      ADD CONSTRAINT feedback_snippets_body_check CHECK (char_length(body) BETWEEN 1 AND 5000)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('feedback_snippets');
}
