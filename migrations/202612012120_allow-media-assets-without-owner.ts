import type { Knex } from 'knex';

// An exercise's uploaded video stays with the exercise when its uploader is erased (owner_id
// cleared); media no exercise uses is deleted with its owner.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE media_assets ALTER COLUMN owner_id DROP NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DELETE FROM media_assets WHERE owner_id IS NULL AND NOT EXISTS (SELECT 1 FROM exercise_videos e WHERE e.media_asset_id = media_assets.id)');
  await knex.raw("UPDATE media_assets m SET owner_id = e.creator_id FROM exercise_videos e WHERE m.owner_id IS NULL AND e.media_asset_id = m.id AND e.creator_id IS NOT NULL");
  await knex.raw('DELETE FROM exercise_videos e USING media_assets m WHERE e.media_asset_id = m.id AND m.owner_id IS NULL');
  await knex.raw('DELETE FROM media_assets WHERE owner_id IS NULL');
  await knex.raw('ALTER TABLE media_assets ALTER COLUMN owner_id SET NOT NULL');
}
