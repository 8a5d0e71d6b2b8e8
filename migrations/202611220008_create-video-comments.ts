import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('video_comments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('thread_id').notNullable().references('personal_exercise_threads.id').onDelete('CASCADE');
    t.uuid('author_id').notNullable().references('users.id');
    t.integer('t_start_ms').notNullable();
    t.integer('t_end_ms').notNullable();
    t.text('body').notNullable();
    t.uuid('parent_id').references('video_comments.id');
    // Set by the sequence trigger on every change; catch-up reads changes after a seq.
    t.integer('seq').notNullable();
    t.text('idempotency_key');
    t.text('idempotency_fingerprint');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
    t.timestamp('hidden_at', { useTz: true });
    t.unique(['thread_id', 'seq']);
    t.unique(['author_id', 'idempotency_key']);
    t.index(['thread_id', 't_start_ms', 'id'], 'video_comments_timeline_idx');
    t.index(['parent_id']);
  });
  await knex.raw(`
    ALTER TABLE video_comments
      ADD CONSTRAINT video_comments_times_check CHECK (0 <= t_start_ms AND t_start_ms <= t_end_ms),
      ADD CONSTRAINT video_comments_body_check CHECK (char_length(body) <= 5000)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('video_comments');
}
