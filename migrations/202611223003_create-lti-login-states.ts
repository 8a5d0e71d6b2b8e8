import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // OIDC login state kept server-side: inside an iframe with third-party cookies blocked a
  // cookie would never come back, so the launch finds its state here and consumes it once.
  await knex.schema.createTable('lti_login_states', (t) => {
    t.text('state').primary();
    t.text('nonce').notNullable();
    t.uuid('platform_id').notNullable().references('lti_platforms.id').onDelete('CASCADE');
    t.text('target_link_uri').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lti_login_states');
}
