import type { Knex } from 'knex';

/**
 * Recounts a thread's inbox state from its comments: it waits for a reply when its latest comment
 * is the student's, written after the last "done"; it waits since the first of the student's
 * comments after the last one by anybody else. Used when a comment is deleted or restored, when
 * a thread is marked done, and by the backfill; a new comment takes the trigger's short path.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION thread_inbox_refresh(p_thread uuid) RETURNS void LANGUAGE sql AS $$
      WITH th AS (SELECT id, owner_id, done_at FROM personal_exercise_threads WHERE id = p_thread),
      latest AS (
        SELECT c.id, c.author_id, c.created_at FROM video_comments c, th
         WHERE c.thread_id = th.id AND c.deleted_at IS NULL ORDER BY c.created_at DESC, c.id DESC LIMIT 1),
      answered AS (
        SELECT c.created_at, c.id FROM video_comments c, th
         WHERE c.thread_id = th.id AND c.deleted_at IS NULL AND c.author_id <> th.owner_id
         ORDER BY c.created_at DESC, c.id DESC LIMIT 1),
      waiting AS (
        SELECT min(c.created_at) AS since FROM video_comments c, th
         WHERE c.thread_id = th.id AND c.deleted_at IS NULL AND c.author_id = th.owner_id
           AND (th.done_at IS NULL OR c.created_at > th.done_at)
           AND (NOT EXISTS (SELECT 1 FROM answered) OR (c.created_at, c.id) > (SELECT a.created_at, a.id FROM answered a)))
      UPDATE personal_exercise_threads t
         SET last_comment_id = (SELECT id FROM latest),
             awaiting_since = CASE
               WHEN (SELECT author_id FROM latest) = t.owner_id
                AND (t.done_at IS NULL OR (SELECT created_at FROM latest) > t.done_at)
               THEN (SELECT since FROM waiting) END
       WHERE t.id = p_thread
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION thread_inbox_refresh(uuid)');
}
