import type { Knex } from 'knex';

// The MIME type a browser plays the uploaded original as (H.264/AAC in MP4, VP8/VP9/AV1 with Opus
// or Vorbis in WebM), set by the probe when the upload completes; null when browsers cannot play
// it. Such an original is served, signed, while the HLS ladder is made ("playable in seconds").
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('media_assets', (t) => {
    t.text('playable_as');
  });
  await knex.raw(`ALTER TABLE media_assets ADD CONSTRAINT media_assets_playable_as_check CHECK (playable_as IS NULL OR playable_as IN ('video/mp4', 'video/webm'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('media_assets', (t) => {
    t.dropColumn('playable_as');
  });
}
