import type { Knex } from 'knex';

// The language a user's emails are written in (BCP 47, from the launch's locale claim or POST /tokens).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('locale');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('locale');
  });
}
