import type { Knex } from 'knex';

// Audit entries whose actor was erased keep their action, without the actor, and say so.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.boolean('actor_erased').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.dropColumn('actor_erased');
  });
}
