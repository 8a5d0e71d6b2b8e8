import type { Knex } from 'knex';

/**
 * edited_at is written by the database alone, and only by the author's edit of the body or the
 * times of a comment that is not deleted: a hide, unhide or delete leaves it as it was, and no
 * caller can set it directly.
 */
export async function up(knex: Knex): Promise<void> {
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
    $$
  `);
  await knex.raw(`
    CREATE TRIGGER video_comments_edited_at BEFORE INSERT OR UPDATE ON video_comments
      FOR EACH ROW EXECUTE FUNCTION video_comments_edited_at()
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER video_comments_edited_at ON video_comments');
  await knex.raw('DROP FUNCTION video_comments_edited_at()');
}
