import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A course's membership as the platform states it (NRPS), including people who never launched
  // the tool; `user_id` links the member to a user once they have one.
  await knex.schema.createTable('lti_roster_members', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('context_id').notNullable();
    t.text('user_sub').notNullable();
    t.uuid('user_id');
    t.text('name').notNullable().defaultTo('');
    t.text('role').notNullable();
    t.timestamp('synced_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['context_id', 'user_sub']);
    t.foreign(['tenant_id', 'context_id']).references(['tenant_id', 'id']).inTable('lti_contexts').onDelete('CASCADE');
    t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('SET NULL (user_id)');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lti_roster_members');
}
