import type { Knex } from 'knex';

// Where a partner's users open a thread, e.g. https://app.example/exercises/{exercise_id}/threads/{thread_id}.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.text('thread_link_template');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.dropColumn('thread_link_template');
  });
}
