import type { Knex } from 'knex';

// How long a tenant keeps the threads of archived exercises and attempts (null: for ever), and
// how many days before deletion the authors are warned.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.integer('retention_archived_exercise_days').checkPositive('tenants_retention_archived_check');
    t.integer('retention_attempt_days').checkPositive('tenants_retention_attempt_check');
    t.integer('retention_warn_days').notNullable().defaultTo(14).checkBetween([0, 3650], 'tenants_retention_warn_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.dropChecks(['tenants_retention_archived_check', 'tenants_retention_attempt_check', 'tenants_retention_warn_check']);
    t.dropColumns('retention_archived_exercise_days', 'retention_attempt_days', 'retention_warn_days');
  });
}
