import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One grade per thread, given by an author of the exercise, and the state of its passback to
  // the platform's gradebook ('not_applicable' outside any LTI context).
  await knex.schema.createTable('thread_grades', (t) => {
    t.uuid('thread_id').primary().references('personal_exercise_threads.id').onDelete('CASCADE');
    t.uuid('tenant_id').notNullable();
    t.double('score').notNullable();
    t.double('max_score').notNullable();
    t.text('comment');
    t.uuid('grader_id');
    t.timestamp('graded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('passback_state').notNullable().defaultTo('not_applicable');
    t.text('passback_error');
    t.timestamp('passback_at', { useTz: true });
    t.foreign(['tenant_id', 'grader_id']).references(['tenant_id', 'id']).inTable('users').onDelete('SET NULL (grader_id)');
  });
  await knex.raw(`ALTER TABLE thread_grades ADD CONSTRAINT thread_grades_score_range CHECK (max_score > 0 AND score >= 0 AND score <= max_score)`);
  await knex.raw(`ALTER TABLE thread_grades ADD CONSTRAINT thread_grades_passback_state CHECK (passback_state IN ('pending', 'sent', 'failed', 'not_applicable'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('thread_grades');
}
