import type { Knex } from 'knex';

/**
 * Keeps the thread's inbox state as comments come and go. A new comment is the thread's latest:
 * the student's starts the wait unless one is already running, anybody else's answers it. A
 * comment deleted (soft or hard) or restored recounts the thread.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION video_comments_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        UPDATE personal_exercise_threads
           SET last_comment_id = NEW.id,
               awaiting_since = CASE WHEN NEW.author_id = owner_id THEN COALESCE(awaiting_since, NEW.created_at) END
         WHERE id = NEW.thread_id;
      ELSIF TG_OP = 'UPDATE' THEN
        PERFORM thread_inbox_refresh(NEW.thread_id);
      ELSE
        PERFORM thread_inbox_refresh(OLD.thread_id);
      END IF;
      RETURN NULL;
    END
    $$`);
  await knex.raw(`
    CREATE TRIGGER video_comments_inbox AFTER INSERT OR UPDATE OF deleted_at OR DELETE ON video_comments
      FOR EACH ROW EXECUTE FUNCTION video_comments_inbox()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER video_comments_inbox ON video_comments');
  await knex.raw('DROP FUNCTION video_comments_inbox()');
}
