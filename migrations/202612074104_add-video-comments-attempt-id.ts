import type { Knex } from 'knex';

/**
 * A comment's target: one of its thread's attempts, or null for the exercise's (model) video.
 * The composite key makes "the attempt is in the comment's thread" a constraint, and deleting an
 * attempt deletes its comments.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('video_comments', (t) => {
    t.uuid('attempt_id');
    t.foreign(['thread_id', 'attempt_id'], 'video_comments_attempt_fkey').references(['thread_id', 'id']).inTable('attempts').onDelete('CASCADE');
  });
  await knex.raw('CREATE INDEX video_comments_attempt_timeline_idx ON video_comments (attempt_id, t_start_ms, id) WHERE attempt_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX video_comments_attempt_timeline_idx');
  await knex.schema.alterTable('video_comments', (t) => {
    t.dropForeign(['thread_id', 'attempt_id'], 'video_comments_attempt_fkey');
    t.dropColumn('attempt_id');
  });
}
