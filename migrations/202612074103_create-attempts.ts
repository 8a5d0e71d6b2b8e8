import type { Knex } from 'knex';

/**
 * A learner's attempts in their thread (issue 18): numbered 1, 2, … per thread, each with its own
 * media asset (owned by the thread's owner), a sync offset against the model, and when an author
 * first commented on it (after which the owner may no longer delete it). Status and duration are
 * the media asset's: one truth, which the transcode worker already keeps.
 *
 * The trigger numbers attempts and applies the exercise's max_attempts under the thread's row
 * lock (concurrent adds cannot both take the last place), refuses media that is not the thread
 * owner's, and adds nothing to an archived exercise's threads.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE personal_exercise_threads ADD CONSTRAINT personal_exercise_threads_tenant_id_id_unique UNIQUE (tenant_id, id)');
  await knex.schema.createTable('attempts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('thread_id').notNullable();
    t.integer('number').notNullable();
    t.uuid('media_asset_id').notNullable();
    t.integer('sync_offset_ms').notNullable().defaultTo(0);
    t.timestamp('feedback_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['thread_id', 'number']);
    // The target of video_comments' (thread_id, attempt_id): a comment's attempt is in its thread.
    t.unique(['thread_id', 'id']);
    t.unique(['media_asset_id']);
    t.foreign(['tenant_id', 'thread_id']).references(['tenant_id', 'id']).inTable('personal_exercise_threads').onDelete('CASCADE');
    // An abandoned upload swept (or media erased) takes its attempt with it; the API refuses to
    // delete an attempt's media any other way than by deleting the attempt.
    t.foreign(['tenant_id', 'media_asset_id']).references(['tenant_id', 'id']).inTable('media_assets').onDelete('CASCADE');
  });
  await knex.raw(`
    ALTER TABLE attempts
      ADD CONSTRAINT attempts_number_check CHECK (number >= 1),
      ADD CONSTRAINT attempts_sync_offset_check CHECK (sync_offset_ms BETWEEN -86400000 AND 86400000)`);
  await knex.raw(`
    CREATE FUNCTION attempts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      v_owner uuid;
      v_exercise uuid;
      v_max integer;
      v_archived timestamptz;
      v_count integer;
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        IF NEW.tenant_id <> OLD.tenant_id OR NEW.thread_id <> OLD.thread_id OR NEW.number <> OLD.number
            OR NEW.media_asset_id <> OLD.media_asset_id OR NEW.created_at <> OLD.created_at THEN
          RAISE EXCEPTION 'an attempt keeps its thread, number, media and creation time' USING ERRCODE = 'check_violation';
        END IF;
        NEW.updated_at := now();
        RETURN NEW;
      END IF;

      SELECT owner_id, exercise_video_id INTO v_owner, v_exercise FROM personal_exercise_threads WHERE id = NEW.thread_id FOR UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'thread % does not exist', NEW.thread_id USING ERRCODE = 'foreign_key_violation';
      END IF;
      IF NOT EXISTS (SELECT 1 FROM media_assets m WHERE m.id = NEW.media_asset_id AND m.owner_id = v_owner) THEN
        RAISE EXCEPTION 'an attempt''s media belongs to the thread''s owner' USING ERRCODE = 'insufficient_privilege';
      END IF;
      SELECT max_attempts, archived_at INTO v_max, v_archived FROM exercise_videos WHERE id = v_exercise;
      IF v_archived IS NOT NULL THEN
        RAISE EXCEPTION 'exercise % is archived: its threads are read-only', v_exercise
          USING ERRCODE = 'check_violation', CONSTRAINT = 'attempts_exercise_archived';
      END IF;
      IF v_max IS NOT NULL THEN
        SELECT count(*) INTO v_count FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id
         WHERE a.thread_id = NEW.thread_id AND m.status <> 'failed';
        IF v_count >= v_max THEN
          RAISE EXCEPTION 'thread % has its % attempts', NEW.thread_id, v_max
            USING ERRCODE = 'check_violation', CONSTRAINT = 'attempts_max_attempts';
        END IF;
      END IF;
      NEW.number := COALESCE((SELECT max(a.number) FROM attempts a WHERE a.thread_id = NEW.thread_id), 0) + 1;
      RETURN NEW;
    END
    $$`);
  await knex.raw('CREATE TRIGGER attempts_guard BEFORE INSERT OR UPDATE ON attempts FOR EACH ROW EXECUTE FUNCTION attempts_guard()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attempts');
  await knex.raw('DROP FUNCTION attempts_guard()');
  await knex.raw('ALTER TABLE personal_exercise_threads DROP CONSTRAINT personal_exercise_threads_tenant_id_id_unique');
}
