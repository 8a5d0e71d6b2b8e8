import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The tool's own RSA keys: it signs Deep Linking responses with the newest and publishes
  // every key still inside its overlap at /lti/jwks, so platforms that cached the old one still verify.
  await knex.schema.createTable('lti_tool_keys', (t) => {
    t.text('kid').primary();
    t.jsonb('private_jwk').notNullable();
    t.jsonb('public_jwk').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Set when a newer key takes over: the key stays published until then.
    t.timestamp('retire_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lti_tool_keys');
}
