import type { Knex } from 'knex';

/**
 * The database's own copy of the rule in api/src/access/policy.ts (mayWriteInThread):
 * only the thread's owner and the exercise's authors write in a thread. It also hands out
 * the thread's next seq under the thread's row lock, so within a thread seq order is commit
 * order, and keeps times inside the exercise's known duration.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION video_comments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      v_owner uuid;
      v_exercise uuid;
      v_seq integer;
      v_duration integer;
      v_archived timestamptz;
    BEGIN
      IF TG_OP = 'UPDATE' AND (NEW.thread_id <> OLD.thread_id OR NEW.author_id <> OLD.author_id
          OR NEW.created_at <> OLD.created_at OR NEW.parent_id IS DISTINCT FROM OLD.parent_id) THEN
        RAISE EXCEPTION 'a comment keeps its thread, author, parent and creation time'
          USING ERRCODE = 'check_violation';
      END IF;

      UPDATE personal_exercise_threads
         SET last_seq = last_seq + 1,
             last_activity_at = CASE WHEN TG_OP = 'INSERT' THEN now() ELSE last_activity_at END
       WHERE id = NEW.thread_id
       RETURNING owner_id, exercise_video_id, last_seq INTO v_owner, v_exercise, v_seq;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'thread % does not exist', NEW.thread_id USING ERRCODE = 'foreign_key_violation';
      END IF;
      NEW.seq := v_seq;

      IF NEW.author_id <> v_owner AND NOT EXISTS (
        SELECT 1 FROM exercise_authors a WHERE a.exercise_video_id = v_exercise AND a.user_id = NEW.author_id
      ) THEN
        RAISE EXCEPTION 'user % may not write in thread %', NEW.author_id, NEW.thread_id
          USING ERRCODE = 'insufficient_privilege';
      END IF;

      SELECT duration_ms, archived_at INTO v_duration, v_archived FROM exercise_videos WHERE id = v_exercise;
      IF TG_OP = 'INSERT' AND v_archived IS NOT NULL THEN
        RAISE EXCEPTION 'exercise % is archived: its threads are read-only', v_exercise
          USING ERRCODE = 'check_violation';
      END IF;
      IF NEW.t_end_ms > COALESCE(v_duration, 86400000) THEN
        RAISE EXCEPTION 't_end_ms % is past the exercise''s duration', NEW.t_end_ms
          USING ERRCODE = 'check_violation';
      END IF;

      IF TG_OP = 'INSERT' AND NEW.parent_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM video_comments p WHERE p.id = NEW.parent_id AND p.thread_id = NEW.thread_id AND p.parent_id IS NULL
      ) THEN
        RAISE EXCEPTION 'a reply stays in its parent''s thread, one level deep'
          USING ERRCODE = 'check_violation';
      END IF;

      IF TG_OP = 'UPDATE' THEN
        NEW.updated_at := now();
      END IF;
      RETURN NEW;
    END
    $$;
  `);
  await knex.raw(`
    CREATE TRIGGER video_comments_guard BEFORE INSERT OR UPDATE ON video_comments
      FOR EACH ROW EXECUTE FUNCTION video_comments_guard()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER video_comments_guard ON video_comments');
  await knex.raw('DROP FUNCTION video_comments_guard()');
}
