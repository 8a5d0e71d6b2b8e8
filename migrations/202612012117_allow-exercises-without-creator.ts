import type { Knex } from 'knex';

// An exercise is the institution's course material: it outlives its creator's erasure, which
// clears creator_id.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE exercise_videos ALTER COLUMN creator_id DROP NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DELETE FROM exercise_videos WHERE creator_id IS NULL');
  await knex.raw('ALTER TABLE exercise_videos ALTER COLUMN creator_id SET NOT NULL');
}
