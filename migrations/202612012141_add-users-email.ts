import type { Knex } from 'knex';

// Where notifications go: from the LTI launch's email claim, NRPS or POST /tokens; never shown to other users.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('email');
  });
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email IS NULL OR (length(email) <= 254 AND email LIKE '%_@_%'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropChecks('users_email_check');
    t.dropColumn('email');
  });
}
