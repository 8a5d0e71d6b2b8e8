import type { Knex } from 'knex';

/**
 * Whether a comment may carry markers: set by the statement that writes its markers (the comment's
 * create or edit), so a page read asks comment_markers only for those comments. A marker deleted
 * later leaves it true, which costs only that lookup (it finds nothing). Issue 16: the per-row
 * markers lookup was a third of a page read's time in PostgreSQL, though most comments have none.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE video_comments ADD COLUMN has_markers boolean NOT NULL DEFAULT false');
  // Past the guard: marking comments that already carry markers is no change a reader must hear of.
  await knex.raw('ALTER TABLE video_comments DISABLE TRIGGER video_comments_guard');
  await knex.raw('UPDATE video_comments c SET has_markers = true WHERE EXISTS (SELECT 1 FROM comment_markers cm WHERE cm.comment_id = c.id)');
  await knex.raw('ALTER TABLE video_comments ENABLE TRIGGER video_comments_guard');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE video_comments DROP COLUMN has_markers');
}
