import type { Knex } from 'knex';

// A user without a row has the defaults: reply emails on, a daily digest (sent only to exercise authors).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notification_preferences', (t) => {
    t.uuid('user_id').primary();
    t.uuid('tenant_id').notNullable();
    t.boolean('reply_emails').notNullable().defaultTo(true);
    t.text('digest').notNullable().defaultTo('daily').checkIn(['daily', 'weekly', 'off'], 'notification_preferences_digest_check');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notification_preferences');
}
