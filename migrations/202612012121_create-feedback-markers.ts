import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A short coloured label an instructor attaches to comments ("posture", "timing"), theirs or an exercise's.
  await knex.schema.createTable('feedback_markers', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('owner_id').notNullable();
    t.uuid('exercise_video_id');
    t.text('label').notNullable();
    t.text('color').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['tenant_id', 'owner_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
    t.foreign(['tenant_id', 'exercise_video_id']).references(['tenant_id', 'id']).inTable('exercise_videos').onDelete('CASCADE');
    t.unique(['tenant_id', 'id']);
    t.index(['exercise_video_id']);
  });
  await knex.raw(`
    ALTER TABLE feedback_markers
      ADD CONSTRAINT feedback_markers_label_check CHECK (char_length(label) BETWEEN 1 AND 32),
      ADD CONSTRAINT feedback_markers_color_check CHECK (color ~ '^#[0-9a-f]{6}$')`);
  // One label once per bank: a person's own, and each exercise's shared one.
  await knex.raw('CREATE UNIQUE INDEX feedback_markers_own_label_key ON feedback_markers (owner_id, lower(label)) WHERE exercise_video_id IS NULL');
  await knex.raw('CREATE UNIQUE INDEX feedback_markers_shared_label_key ON feedback_markers (exercise_video_id, lower(label)) WHERE exercise_video_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('feedback_markers');
}
