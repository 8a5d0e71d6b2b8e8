import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Who launched from which resource link: a learner's grade goes to the line items of the links
  // they opened the exercise from.
  await knex.schema.createTable('lti_resource_link_users', (t) => {
    t.uuid('resource_link_id').notNullable().references('lti_resource_links.id').onDelete('CASCADE');
    t.uuid('tenant_id').notNullable();
    t.uuid('user_id').notNullable();
    t.timestamp('last_launch_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['resource_link_id', 'user_id']);
    t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lti_resource_link_users');
}
