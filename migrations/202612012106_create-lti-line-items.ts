import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A resource link's gradebook column (AGS): the services its latest launch granted, and the
  // line item once known (named by the launch, or made by the tool).
  await knex.schema.createTable('lti_line_items', (t) => {
    t.uuid('resource_link_id').primary().references('lti_resource_links.id').onDelete('CASCADE');
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.specificType('scopes', 'text[]').notNullable().defaultTo('{}');
    t.text('lineitems_url');
    t.text('line_item_url');
    t.double('score_maximum');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lti_line_items');
}
