import type { Knex } from 'knex';

// An erased user's comment in someone else's thread may stay as a tombstone: it keeps its place
// and timecode but has no author and no body, and is deleted. Only a tombstone lacks an author.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE video_comments ALTER COLUMN author_id DROP NOT NULL');
  await knex.raw(`
    ALTER TABLE video_comments ADD CONSTRAINT video_comments_tombstone_check
      CHECK (author_id IS NOT NULL OR (deleted_at IS NOT NULL AND body = ''))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE video_comments DROP CONSTRAINT video_comments_tombstone_check');
  // A tombstone cannot be given back its author: the way back removes them.
  await knex.raw('DELETE FROM video_comments WHERE author_id IS NULL');
  await knex.raw('ALTER TABLE video_comments ALTER COLUMN author_id SET NOT NULL');
}
