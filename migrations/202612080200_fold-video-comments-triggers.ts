import type { Knex } from 'knex';

/**
 * One trigger call per comment written instead of three (issue 16: a new comment's work in
 * PostgreSQL was most of what kept creates below the physical limit). The rules are the same:
 *
 * - `video_comments_guard` now also keeps `edited_at` (was `video_comments_edited_at`), checks the
 *   writer of a drawing and moves `edited_at` on its change (was `video_comments_edited_drawing`),
 *   and sets a new comment's inbox state (latest comment, waiting since) in the one UPDATE of the
 *   thread that already handed out the seq (was a second UPDATE of the same row, in
 *   `video_comments_inbox` after the insert). The exercise's duration and archive flag come from
 *   that same UPDATE (joined), not a second query.
 * - `video_comments_inbox` runs only when a comment is deleted or restored (a recount).
 * - The thread's `last_comment_id` now names the comment before it is inserted, so its foreign key
 *   is checked at commit (DEFERRABLE INITIALLY DEFERRED): a comment whose insert is skipped after
 *   the trigger ran (`ON CONFLICT DO NOTHING`) would fail that check, so inserts into
 *   video_comments take no `ON CONFLICT` (the API's scoped insert meets a racing idempotency key
 *   as a unique violation, then replays the earlier comment).
 * - The parent index holds replies only (most comments have no parent): a reply lookup and the
 *   parent foreign key's check both ask for a given parent, which implies NOT NULL.
 *
 * It keeps every rule of the guard as 202612074105 left it (issue 18's attempts): a comment keeps
 * its target; a comment on an attempt names one of its thread's attempts, whose duration is known
 * and which has not failed, and its times fit the attempt's duration (not the exercise's); a reply
 * keeps its parent's target; an exercise author's first comment on an attempt sets its feedback_at.
 * It runs after that migration so that its guard is the one left in place.
 */
const GUARD = `
  CREATE OR REPLACE FUNCTION video_comments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    v_insert boolean := TG_OP = 'INSERT';
    v_times boolean;
    v_owner uuid;
    v_exercise uuid;
    v_seq integer;
    v_duration integer;
    v_archived boolean;
    v_attempt_duration integer;
    v_attempt_status text;
  BEGIN
    IF NOT v_insert AND (NEW.thread_id <> OLD.thread_id OR NEW.author_id <> OLD.author_id
        OR NEW.created_at <> OLD.created_at OR NEW.parent_id IS DISTINCT FROM OLD.parent_id
        OR NEW.attempt_id IS DISTINCT FROM OLD.attempt_id) THEN
      RAISE EXCEPTION 'a comment keeps its thread, author, parent, target and creation time'
        USING ERRCODE = 'check_violation';
    END IF;

    -- The thread's next seq under its row lock (seq order is commit order within a thread); a new
    -- comment is also the thread's latest: the owner's starts the wait unless one runs, anyone
    -- else's answers it.
    UPDATE personal_exercise_threads t
       SET last_seq = t.last_seq + 1,
           last_activity_at = CASE WHEN v_insert THEN now() ELSE t.last_activity_at END,
           last_comment_id = CASE WHEN v_insert THEN NEW.id ELSE t.last_comment_id END,
           awaiting_since = CASE WHEN NOT v_insert THEN t.awaiting_since
                                 WHEN NEW.author_id = t.owner_id THEN COALESCE(t.awaiting_since, NEW.created_at) END
      FROM exercise_videos e
     WHERE t.id = NEW.thread_id AND e.id = t.exercise_video_id
     RETURNING t.owner_id, t.exercise_video_id, t.last_seq, e.duration_ms, e.archived_at IS NOT NULL
          INTO v_owner, v_exercise, v_seq, v_duration, v_archived;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'thread % does not exist', NEW.thread_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    NEW.seq := v_seq;

    -- The author's own content (create, edit of words, times or drawing, delete): only a participant.
    IF (v_insert OR NEW.body IS DISTINCT FROM OLD.body OR NEW.deleted_at IS DISTINCT FROM OLD.deleted_at
          OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms OR NEW.drawing IS DISTINCT FROM OLD.drawing)
        AND NEW.author_id <> v_owner AND NOT EXISTS (
      SELECT 1 FROM exercise_authors a WHERE a.exercise_video_id = v_exercise AND a.user_id = NEW.author_id
    ) THEN
      RAISE EXCEPTION 'user % may not write in thread %', NEW.author_id, NEW.thread_id
        USING ERRCODE = 'insufficient_privilege';
    END IF;

    IF v_insert AND v_archived THEN
      RAISE EXCEPTION 'exercise % is archived: its threads are read-only', v_exercise
        USING ERRCODE = 'check_violation';
    END IF;

    -- The times fit the target's duration: an attempt's (known once its upload is probed, and not
    -- failed) or the exercise's.
    v_times := v_insert OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms;
    IF NEW.attempt_id IS NOT NULL THEN
      SELECT m.duration_ms, m.status INTO v_attempt_duration, v_attempt_status
        FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id
       WHERE a.id = NEW.attempt_id AND a.thread_id = NEW.thread_id;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'attempt % is not in thread %', NEW.attempt_id, NEW.thread_id USING ERRCODE = 'foreign_key_violation';
      END IF;
      IF v_times AND (v_attempt_duration IS NULL OR v_attempt_status = 'failed') THEN
        RAISE EXCEPTION 'attempt % has no known duration yet', NEW.attempt_id
          USING ERRCODE = 'check_violation', CONSTRAINT = 'video_comments_attempt_ready';
      END IF;
      IF v_times AND NEW.t_end_ms > v_attempt_duration THEN
        RAISE EXCEPTION 't_end_ms % is past the attempt''s duration', NEW.t_end_ms
          USING ERRCODE = 'check_violation', CONSTRAINT = 'video_comments_attempt_times';
      END IF;
      -- An exercise author's first comment on an attempt: the owner may no longer delete it.
      IF v_insert AND NEW.author_id <> v_owner THEN
        UPDATE attempts SET feedback_at = COALESCE(feedback_at, now()) WHERE id = NEW.attempt_id;
      END IF;
    ELSIF v_times AND NEW.t_end_ms > COALESCE(v_duration, 86400000) THEN
      RAISE EXCEPTION 't_end_ms % is past the exercise''s duration', NEW.t_end_ms
        USING ERRCODE = 'check_violation';
    END IF;

    IF v_insert AND NEW.parent_id IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM video_comments p
       WHERE p.id = NEW.parent_id AND p.thread_id = NEW.thread_id AND p.parent_id IS NULL
         AND p.attempt_id IS NOT DISTINCT FROM NEW.attempt_id
    ) THEN
      RAISE EXCEPTION 'a reply stays in its parent''s thread and target, one level deep'
        USING ERRCODE = 'check_violation';
    END IF;

    -- edited_at is the database's alone: the author's change of words, times or drawing on a
    -- comment that is not deleted; a hide, unhide or delete leaves it as it was.
    IF v_insert THEN
      NEW.edited_at := NULL;
    ELSE
      NEW.updated_at := now();
      IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL AND (NEW.body IS DISTINCT FROM OLD.body
          OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms OR NEW.drawing IS DISTINCT FROM OLD.drawing) THEN
        NEW.edited_at := now();
      ELSE
        NEW.edited_at := OLD.edited_at;
      END IF;
    END IF;
    RETURN NEW;
  END
  $$`;

const INBOX_RECOUNT = `
  CREATE OR REPLACE FUNCTION video_comments_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM thread_inbox_refresh(CASE WHEN TG_OP = 'DELETE' THEN OLD.thread_id ELSE NEW.thread_id END);
    RETURN NULL;
  END
  $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE personal_exercise_threads ALTER CONSTRAINT personal_exercise_threads_last_comment_id_foreign DEFERRABLE INITIALLY DEFERRED`);
  await knex.raw(GUARD);
  await knex.raw('DROP TRIGGER video_comments_edited_at ON video_comments');
  await knex.raw('DROP FUNCTION video_comments_edited_at()');
  await knex.raw('DROP TRIGGER video_comments_edited_drawing ON video_comments');
  await knex.raw('DROP FUNCTION video_comments_edited_drawing()');
  await knex.raw('DROP TRIGGER video_comments_inbox ON video_comments');
  await knex.raw(INBOX_RECOUNT);
  await knex.raw(`
    CREATE TRIGGER video_comments_inbox AFTER UPDATE OF deleted_at OR DELETE ON video_comments
      FOR EACH ROW EXECUTE FUNCTION video_comments_inbox()`);
  await knex.raw('DROP INDEX video_comments_parent_id_index');
  await knex.raw('CREATE INDEX video_comments_parent_id_index ON video_comments (parent_id) WHERE parent_id IS NOT NULL');
}

/**
 * Back to the three triggers of 202611220009 (as 202612011001 and 202612074105 left it),
 * 202612012002, 202612012110 and 202612073002.
 */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX video_comments_parent_id_index');
  await knex.raw('CREATE INDEX video_comments_parent_id_index ON video_comments (parent_id)');
  await knex.raw('DROP TRIGGER video_comments_inbox ON video_comments');
  await knex.raw(`
    CREATE OR REPLACE FUNCTION video_comments_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
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
  await knex.raw(`
    CREATE FUNCTION video_comments_edited_at() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        NEW.edited_at := NULL;
      ELSIF OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL AND (NEW.body IS DISTINCT FROM OLD.body
          OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms) THEN
        NEW.edited_at := now();
      ELSE
        NEW.edited_at := OLD.edited_at;
      END IF;
      RETURN NEW;
    END;
    $$`);
  await knex.raw(`
    CREATE TRIGGER video_comments_edited_at BEFORE INSERT OR UPDATE ON video_comments
      FOR EACH ROW EXECUTE FUNCTION video_comments_edited_at()`);
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
    $$`);
  await knex.raw(`
    CREATE TRIGGER video_comments_edited_drawing BEFORE UPDATE OF drawing ON video_comments
      FOR EACH ROW
      WHEN (NEW.drawing IS DISTINCT FROM OLD.drawing AND OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL)
      EXECUTE FUNCTION video_comments_edited_drawing()`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION video_comments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      v_owner uuid;
      v_exercise uuid;
      v_seq integer;
      v_duration integer;
      v_archived timestamptz;
      v_attempt_duration integer;
      v_attempt_status text;
    BEGIN
      IF TG_OP = 'UPDATE' AND (NEW.thread_id <> OLD.thread_id OR NEW.author_id <> OLD.author_id
          OR NEW.created_at <> OLD.created_at OR NEW.parent_id IS DISTINCT FROM OLD.parent_id OR NEW.attempt_id IS DISTINCT FROM OLD.attempt_id) THEN
        RAISE EXCEPTION 'a comment keeps its thread, author, parent, target and creation time'
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

      IF (TG_OP = 'INSERT' OR NEW.body IS DISTINCT FROM OLD.body OR NEW.deleted_at IS DISTINCT FROM OLD.deleted_at
          OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms) AND NEW.author_id <> v_owner AND NOT EXISTS (
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
      IF NEW.attempt_id IS NOT NULL THEN
        SELECT m.duration_ms, m.status INTO v_attempt_duration, v_attempt_status
          FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id
         WHERE a.id = NEW.attempt_id AND a.thread_id = NEW.thread_id;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'attempt % is not in thread %', NEW.attempt_id, NEW.thread_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF (TG_OP = 'INSERT' OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms) AND (v_attempt_duration IS NULL OR v_attempt_status = 'failed') THEN
          RAISE EXCEPTION 'attempt % has no known duration yet', NEW.attempt_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'video_comments_attempt_ready';
        END IF;
        IF (TG_OP = 'INSERT' OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms) AND NEW.t_end_ms > v_attempt_duration THEN
          RAISE EXCEPTION 't_end_ms % is past the attempt''s duration', NEW.t_end_ms
            USING ERRCODE = 'check_violation', CONSTRAINT = 'video_comments_attempt_times';
        END IF;
        IF TG_OP = 'INSERT' AND NEW.author_id <> v_owner THEN
          UPDATE attempts SET feedback_at = COALESCE(feedback_at, now()) WHERE id = NEW.attempt_id;
        END IF;
      ELSIF (TG_OP = 'INSERT' OR NEW.t_start_ms <> OLD.t_start_ms OR NEW.t_end_ms <> OLD.t_end_ms) AND NEW.t_end_ms > COALESCE(v_duration, 86400000) THEN
        RAISE EXCEPTION 't_end_ms % is past the exercise''s duration', NEW.t_end_ms
          USING ERRCODE = 'check_violation';
      END IF;

      IF TG_OP = 'INSERT' AND NEW.parent_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM video_comments p WHERE p.id = NEW.parent_id AND p.thread_id = NEW.thread_id AND p.parent_id IS NULL AND p.attempt_id IS NOT DISTINCT FROM NEW.attempt_id
      ) THEN
        RAISE EXCEPTION 'a reply stays in its parent''s thread and target, one level deep'
          USING ERRCODE = 'check_violation';
      END IF;

      IF TG_OP = 'UPDATE' THEN
        NEW.updated_at := now();
      END IF;
      RETURN NEW;
    END
    $$`);
  await knex.raw(`ALTER TABLE personal_exercise_threads ALTER CONSTRAINT personal_exercise_threads_last_comment_id_foreign NOT DEFERRABLE`);
}
