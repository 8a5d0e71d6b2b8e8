import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Where the platform offers the course's membership changes since the last read (NRPS rel="differences").
  await knex.schema.alterTable('lti_contexts', (t) => {
    t.text('roster_differences_url');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('lti_contexts', (t) => {
    t.dropColumn('roster_differences_url');
  });
}
