import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The inbox's state of a thread, kept by the comment trigger so the inbox reads it from an index:
  // since when the student's oldest unanswered comment waits (NULL: nothing waits), when an author
  // marked it done (no reply needed), and its latest comment (the excerpt).
  await knex.schema.alterTable('personal_exercise_threads', (t) => {
    t.timestamp('awaiting_since', { useTz: true });
    t.timestamp('done_at', { useTz: true });
    t.uuid('last_comment_id').references('video_comments.id').onDelete('SET NULL');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('personal_exercise_threads', (t) => {
    t.dropColumn('last_comment_id');
    t.dropColumn('done_at');
    t.dropColumn('awaiting_since');
  });
}
