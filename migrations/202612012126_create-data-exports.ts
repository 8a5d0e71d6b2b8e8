import type { Knex } from 'knex';

// A user's data export (GDPR art. 15/20): built in the background into one zip object, handed
// out by a signed link until it expires. It goes with the user.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('data_exports', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('user_id').notNullable();
    t.text('requested_by').notNullable().checkIn(['user', 'api_key'], 'data_exports_requested_by_check');
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'running', 'ready', 'failed'], 'data_exports_status_check');
    t.text('object_key');
    t.bigInteger('size_bytes');
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.timestamp('expires_at', { useTz: true });
    t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
    t.index(['user_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('data_exports');
}
