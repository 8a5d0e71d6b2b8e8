import type { Knex } from 'knex';

// Each run of the retention job, visible to the tenant: what it warned about and what it deleted.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('retention_runs', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.integer('warned').notNullable().defaultTo(0);
    t.integer('deleted_exercises').notNullable().defaultTo(0);
    t.integer('deleted_threads').notNullable().defaultTo(0);
    t.integer('deleted_comments').notNullable().defaultTo(0);
    t.integer('deleted_media').notNullable().defaultTo(0);
    t.text('error');
    t.index(['tenant_id', 'started_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('retention_runs');
}
