import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Frames per second from the probe (null: unknown), so players step one frame at a time.
  await knex.schema.alterTable('media_assets', (t) => {
    t.double('frame_rate');
  });
  await knex.raw('ALTER TABLE media_assets ADD CONSTRAINT media_assets_frame_rate_positive CHECK (frame_rate IS NULL OR (frame_rate > 0 AND frame_rate <= 1000))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('media_assets', (t) => {
    t.dropColumn('frame_rate');
  });
}
