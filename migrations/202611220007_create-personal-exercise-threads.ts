import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('personal_exercise_threads', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('exercise_video_id').notNullable();
    t.uuid('owner_id').notNullable();
    // Last sequence number handed to a change of this thread's comments.
    t.integer('last_seq').notNullable().defaultTo(0);
    t.timestamp('last_activity_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['owner_id', 'exercise_video_id']);
    // Composite keys: the exercise and the owner must both be in the thread's tenant.
    t.foreign(['tenant_id', 'exercise_video_id']).references(['tenant_id', 'id']).inTable('exercise_videos').onDelete('CASCADE');
    t.foreign(['tenant_id', 'owner_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
    t.index(['exercise_video_id', 'last_activity_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('personal_exercise_threads');
}
