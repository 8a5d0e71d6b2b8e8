import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Nonces of accepted id_tokens, kept until the token expires: a replayed token is refused.
  await knex.schema.createTable('lti_nonces', (t) => {
    t.uuid('platform_id').notNullable().references('lti_platforms.id').onDelete('CASCADE');
    t.text('nonce').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.primary(['platform_id', 'nonce']);
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lti_nonces');
}
