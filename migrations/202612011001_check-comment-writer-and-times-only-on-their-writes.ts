import type { Knex } from 'knex';

/**
 * video_comments_guard checked the writer and the times on every UPDATE, so moderation (which
 * writes only hidden_at) failed on a comment whose author is no longer an author of the exercise
 * (a co-author removed, often for what they wrote), or whose times lie past a duration shortened
 * since. As in api/src/access/policy.ts, the writer must be a participant when the author's own
 * content is written (create, edit, delete), and times are checked when times are written.
 */
const guard = (onEveryUpdate: boolean) => {
  const authorWrites = onEveryUpdate
    ? 'TRUE'
    : `TG_OP = 'INSERT' OR NEW.body IS DISTINCT FROM OLD.body OR NEW.deleted_at IS DISTINCT FROM OLD.deleted_at
          OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms`;
  const timesWritten = onEveryUpdate ? 'TRUE' : `TG_OP = 'INSERT' OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms`;
  return `
    CREATE OR REPLACE FUNCTION video_comments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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

      IF (${authorWrites}) AND NEW.author_id <> v_owner AND NOT EXISTS (
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
      IF (${timesWritten}) AND NEW.t_end_ms > COALESCE(v_duration, 86400000) THEN
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
    $$;`;
};

export async function up(knex: Knex): Promise<void> {
  await knex.raw(guard(false));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(guard(true));
}
