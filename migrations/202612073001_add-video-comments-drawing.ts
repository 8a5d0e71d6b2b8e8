import type { Knex } from 'knex';

/**
 * A comment's drawing on the frame (issue 17): shapes in fractions of the video's own frame, as
 * the contract's Drawing validates them at the edge. A deleted comment keeps no drawing, as it
 * keeps no body.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('video_comments', (t) => {
    t.jsonb('drawing').nullable();
  });
  await knex.raw(`ALTER TABLE video_comments ADD CONSTRAINT video_comments_drawing_shape
    CHECK (drawing IS NULL OR (jsonb_typeof(drawing) = 'object' AND jsonb_typeof(drawing -> 'shapes') = 'array'))`);
  await knex.raw(`ALTER TABLE video_comments ADD CONSTRAINT video_comments_deleted_without_drawing
    CHECK (deleted_at IS NULL OR drawing IS NULL)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE video_comments DROP CONSTRAINT video_comments_deleted_without_drawing');
  await knex.raw('ALTER TABLE video_comments DROP CONSTRAINT video_comments_drawing_shape');
  await knex.schema.alterTable('video_comments', (t) => {
    t.dropColumn('drawing');
  });
}
