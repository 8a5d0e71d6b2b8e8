import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A thread's comments in the order they were written: the inbox state's recount and the latest comment.
  await knex.schema.alterTable('video_comments', (t) => {
    t.index(['thread_id', 'created_at', 'id'], 'video_comments_thread_created_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('video_comments', (t) => {
    t.dropIndex(['thread_id', 'created_at', 'id'], 'video_comments_thread_created_idx');
  });
}
