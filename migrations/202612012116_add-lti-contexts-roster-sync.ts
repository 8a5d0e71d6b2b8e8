import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Where the course's membership is read (the launch's NRPS claim), and when it last was.
  await knex.schema.alterTable('lti_contexts', (t) => {
    t.text('memberships_url');
    t.timestamp('roster_synced_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('lti_contexts', (t) => {
    t.dropColumn('memberships_url');
    t.dropColumn('roster_synced_at');
  });
}
