import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Threads written before the inbox: their state from their comments.
  await knex.raw('SELECT thread_inbox_refresh(id) FROM personal_exercise_threads');
}

export async function down(knex: Knex): Promise<void> {
  await knex('personal_exercise_threads').update({ awaiting_since: null, last_comment_id: null });
}
