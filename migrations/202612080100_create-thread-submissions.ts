import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A learner's first comment in a thread (and, once attempts exist, their first attempt) tells the
  // LMS gradebook the work is submitted (AGS activityProgress: Submitted, no score): once per thread.
  await knex.schema.createTable('thread_submissions', (t) => {
    t.uuid('thread_id').primary().references('personal_exercise_threads.id').onDelete('CASCADE');
    t.uuid('tenant_id').notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('passback_state').notNullable().defaultTo('not_applicable');
    t.text('passback_error');
    t.timestamp('passback_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE thread_submissions ADD CONSTRAINT thread_submissions_passback_state CHECK (passback_state IN ('pending', 'sent', 'failed', 'not_applicable'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('thread_submissions');
}
