import type { Knex } from 'knex';

// What happens to an erased user's comments in others' threads: a tombstone keeps the row's place
// (no author, no body), "delete" removes it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.text('erasure_policy').notNullable().defaultTo('tombstone').checkIn(['tombstone', 'delete'], 'tenants_erasure_policy_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.dropChecks('tenants_erasure_policy_check');
    t.dropColumn('erasure_policy');
  });
}
