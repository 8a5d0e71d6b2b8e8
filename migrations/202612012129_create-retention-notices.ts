import type { Knex } from 'knex';

/**
 * Warnings before retention deletes: one per author and archived exercise, naming when its
 * threads go. Nothing is deleted before its warning is `warn_days` old.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('retention_notices', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('exercise_video_id').notNullable();
    t.uuid('recipient_id').notNullable();
    t.timestamp('delete_after', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('read_at', { useTz: true });
    t.unique(['exercise_video_id', 'recipient_id']);
    t.foreign(['tenant_id', 'exercise_video_id']).references(['tenant_id', 'id']).inTable('exercise_videos').onDelete('CASCADE');
    t.foreign(['tenant_id', 'recipient_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
    t.index(['recipient_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('retention_notices');
}
