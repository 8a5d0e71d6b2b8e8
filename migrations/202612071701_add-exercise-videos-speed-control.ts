import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Whether the element offers its speed control on this exercise (authors may turn it off).
  await knex.schema.alterTable('exercise_videos', (t) => {
    t.boolean('speed_control').notNullable().defaultTo(true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exercise_videos', (t) => {
    t.dropColumn('speed_control');
  });
}
