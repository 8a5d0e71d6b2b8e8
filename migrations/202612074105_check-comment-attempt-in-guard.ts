import type { Knex } from 'knex';

/**
 * video_comments_guard learns the comment's target (issue 18). A comment on an attempt must be in
 * the attempt's thread (also a key), the attempt's duration must be known (it is once the upload
 * is probed) and the attempt not failed, and its times must fit the attempt's duration rather than
 * the exercise's; a reply keeps its parent's target; the target never changes. An exercise
 * author's first comment on an attempt sets the attempt's feedback_at (the owner may no longer
 * delete it; a concurrent delete waits on the row and then finds it set).
 */
const guard = (attempts: boolean) => {
  const authorWrites = `TG_OP = 'INSERT' OR NEW.body IS DISTINCT FROM OLD.body OR NEW.deleted_at IS DISTINCT FROM OLD.deleted_at
          OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms`;
  const timesWritten = `TG_OP = 'INSERT' OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms`;
  const keeps = attempts ? ' OR NEW.attempt_id IS DISTINCT FROM OLD.attempt_id' : '';
  const times = attempts
    ? `
      IF NEW.attempt_id IS NOT NULL THEN
        SELECT m.duration_ms, m.status INTO v_attempt_duration, v_attempt_status
          FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id
         WHERE a.id = NEW.attempt_id AND a.thread_id = NEW.thread_id;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'attempt % is not in thread %', NEW.attempt_id, NEW.thread_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF (${timesWritten}) AND (v_attempt_duration IS NULL OR v_attempt_status = 'failed') THEN
          RAISE EXCEPTION 'attempt % has no known duration yet', NEW.attempt_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'video_comments_attempt_ready';
        END IF;
        IF (${timesWritten}) AND NEW.t_end_ms > v_attempt_duration THEN
          RAISE EXCEPTION 't_end_ms % is past the attempt''s duration', NEW.t_end_ms
            USING ERRCODE = 'check_violation', CONSTRAINT = 'video_comments_attempt_times';
        END IF;
        IF TG_OP = 'INSERT' AND NEW.author_id <> v_owner THEN
          UPDATE attempts SET feedback_at = COALESCE(feedback_at, now()) WHERE id = NEW.attempt_id;
        END IF;
      ELSIF (${timesWritten}) AND NEW.t_end_ms > COALESCE(v_duration, 86400000) THEN
        RAISE EXCEPTION 't_end_ms % is past the exercise''s duration', NEW.t_end_ms
          USING ERRCODE = 'check_violation';
      END IF;`
    : `
      IF (${timesWritten}) AND NEW.t_end_ms > COALESCE(v_duration, 86400000) THEN
        RAISE EXCEPTION 't_end_ms % is past the exercise''s duration', NEW.t_end_ms
          USING ERRCODE = 'check_violation';
      END IF;`;
  const sameTarget = attempts ? ' AND p.attempt_id IS NOT DISTINCT FROM NEW.attempt_id' : '';
  return `
    CREATE OR REPLACE FUNCTION video_comments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      v_owner uuid;
      v_exercise uuid;
      v_seq integer;
      v_duration integer;
      v_archived timestamptz;${attempts ? '\n      v_attempt_duration integer;\n      v_attempt_status text;' : ''}
    BEGIN
      IF TG_OP = 'UPDATE' AND (NEW.thread_id <> OLD.thread_id OR NEW.author_id <> OLD.author_id
          OR NEW.created_at <> OLD.created_at OR NEW.parent_id IS DISTINCT FROM OLD.parent_id${keeps}) THEN
        RAISE EXCEPTION 'a comment keeps its thread, author, parent${attempts ? ', target' : ''} and creation time'
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
      END IF;${times}

      IF TG_OP = 'INSERT' AND NEW.parent_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM video_comments p WHERE p.id = NEW.parent_id AND p.thread_id = NEW.thread_id AND p.parent_id IS NULL${sameTarget}
      ) THEN
        RAISE EXCEPTION 'a reply stays in its parent''s thread${attempts ? ' and target' : ''}, one level deep'
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
  await knex.raw(guard(true));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(guard(false));
}
