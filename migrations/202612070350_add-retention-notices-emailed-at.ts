import type { Knex } from 'knex';

// A retention warning is emailed once when SMTP is configured: a failed send is tried again on
// the next run, a sent one never again.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('retention_notices', (t) => {
    t.timestamp('emailed_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('retention_notices', (t) => {
    t.dropColumn('emailed_at');
  });
}
