import type { Knex } from 'knex';

// The retention job now deletes learners' attempts past the tenant's attempt_days: each run counts them.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('retention_runs', (t) => {
    t.integer('deleted_attempts').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('retention_runs', (t) => {
    t.dropColumn('deleted_attempts');
  });
}
