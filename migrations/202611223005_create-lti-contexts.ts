import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A course on a platform (the LTI context claim).
  await knex.schema.createTable('lti_contexts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('platform_id').notNullable();
    t.text('context_id').notNullable();
    t.text('title').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['tenant_id', 'platform_id']).references(['tenant_id', 'id']).inTable('lti_platforms').onDelete('CASCADE');
    t.unique(['platform_id', 'context_id']);
    t.unique(['tenant_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lti_contexts');
}
