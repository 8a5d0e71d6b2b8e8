import type { Knex } from 'knex';

/**
 * One row per message, claimed before it is sent: a retried job finds its row and either sends
 * the same message again (it failed) or nothing (it went out). `dedupe_key` names the message:
 * the replies batched from one reply on, or a user's digest for one period; `comment_ids` are the
 * replies a reply message carries, so a later batch starts after them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('email_deliveries', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('user_id').notNullable();
    t.text('kind').notNullable().checkIn(['reply', 'digest'], 'email_deliveries_kind_check');
    t.text('dedupe_key').notNullable().unique();
    t.uuid('thread_id');
    t.specificType('comment_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'sent', 'failed'], 'email_deliveries_status_check');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('message_id');
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
    t.foreign('thread_id').references('personal_exercise_threads.id').onDelete('CASCADE');
    t.index(['thread_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('email_deliveries');
}
