import type { Knex } from 'knex';

/**
 * When the author last changed a comment's words or times. updated_at moves on every change
 * (a moderator's hide too), so the element could not tell an edit from a hide by it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('video_comments', (t) => {
    t.timestamp('edited_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('video_comments', (t) => {
    t.dropColumn('edited_at');
  });
}
