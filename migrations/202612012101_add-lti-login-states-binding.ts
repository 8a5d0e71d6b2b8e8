import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // How the login bound its state to the browser ('storage': the platform's postMessage storage,
  // 'cookie': a partitioned cookie, 'window': a cookie set top-level after the iframe had none),
  // the hash of the browser's cookie, and the login's parameters to restart it in a new window.
  await knex.schema.alterTable('lti_login_states', (t) => {
    t.text('binding');
    t.text('browser_hash');
    t.jsonb('login');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('lti_login_states', (t) => {
    t.dropColumn('binding');
    t.dropColumn('browser_hash');
    t.dropColumn('login');
  });
}
