import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // How far each participant has read a thread; unread counts are comments past this seq.
  await knex.schema.createTable('thread_reads', (t) => {
    t.uuid('thread_id').notNullable().references('personal_exercise_threads.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('last_read_seq').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['thread_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('thread_reads');
}
