import type { Knex } from 'knex';

/**
 * A drawing is the author's own content, as the body is: changing it (not by deletion) is an edit
 * (edited_at moves) and only a participant of the thread may write it, as video_comments_guard
 * checks for the body. Named to fire after video_comments_edited_at, which keeps edited_at as it
 * was when neither body nor times changed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION video_comments_edited_drawing() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (
        SELECT 1 FROM personal_exercise_threads t
         WHERE t.id = NEW.thread_id
           AND (t.owner_id = NEW.author_id OR EXISTS (
             SELECT 1 FROM exercise_authors a WHERE a.exercise_video_id = t.exercise_video_id AND a.user_id = NEW.author_id))
      ) THEN
        RAISE EXCEPTION 'user % may not write in thread %', NEW.author_id, NEW.thread_id
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      NEW.edited_at := now();
      RETURN NEW;
    END;
    $$
  `);
  await knex.raw(`
    CREATE TRIGGER video_comments_edited_drawing BEFORE UPDATE OF drawing ON video_comments
      FOR EACH ROW
      WHEN (NEW.drawing IS DISTINCT FROM OLD.drawing AND OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL)
      EXECUTE FUNCTION video_comments_edited_drawing()
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER video_comments_edited_drawing ON video_comments');
  await knex.raw('DROP FUNCTION video_comments_edited_drawing()');
}
