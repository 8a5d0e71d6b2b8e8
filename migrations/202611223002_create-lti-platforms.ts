import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // An LMS registered with the tool. It belongs to one tenant; its users are that tenant's users.
  await knex.schema.createTable('lti_platforms', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.text('issuer').notNullable();
    t.text('client_id').notNullable();
    t.text('auth_url').notNullable();
    t.text('token_url').notNullable();
    t.text('jwks_url').notNullable();
    t.specificType('deployment_ids', 'text[]').notNullable().defaultTo('{}');
    // The school's LMS origins allowed to frame the tool (not the issuer: hosted Canvas's issuer is shared).
    t.specificType('frame_origins', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['issuer', 'client_id']);
    t.unique(['tenant_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lti_platforms');
}
