import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Who has launched from a course: the catalogue shows a user the exercises of their courses.
  await knex.schema.createTable('lti_context_members', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('context_id').notNullable();
    t.uuid('user_id').notNullable();
    t.timestamp('last_launch_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['context_id', 'user_id']);
    t.foreign(['tenant_id', 'context_id']).references(['tenant_id', 'id']).inTable('lti_contexts').onDelete('CASCADE');
    t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lti_context_members');
}
