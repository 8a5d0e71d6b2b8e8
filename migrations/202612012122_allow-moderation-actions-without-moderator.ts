import type { Knex } from 'knex';

// A moderation action outlives its moderator's erasure, like an audit entry: the action stays,
// the moderator is cleared.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE moderation_actions ALTER COLUMN moderator_id DROP NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DELETE FROM moderation_actions WHERE moderator_id IS NULL');
  await knex.raw('ALTER TABLE moderation_actions ALTER COLUMN moderator_id SET NOT NULL');
}
