import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('exercise_videos', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.uuid('creator_id').notNullable();
    t.text('title').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.text('source_type').notNullable().checkIn(['youtube', 'upload', 'url'], 'exercise_videos_source_type_check');
    t.text('youtube_id');
    t.text('source_url');
    t.uuid('media_asset_id');
    // Known duration: comments may not be anchored past it (enforced by the comment trigger).
    t.integer('duration_ms').checkPositive('exercise_videos_duration_check');
    t.jsonb('metadata').notNullable().defaultTo('{}');
    t.timestamp('archived_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['tenant_id', 'creator_id']).references(['tenant_id', 'id']).inTable('users');
    t.foreign(['tenant_id', 'media_asset_id']).references(['tenant_id', 'id']).inTable('media_assets');
    t.unique(['tenant_id', 'id']);
    t.index(['tenant_id', 'created_at', 'id']);
  });
  // Each source type carries exactly the reference it needs.
  await knex.raw(`
    ALTER TABLE exercise_videos ADD CONSTRAINT exercise_videos_source_check CHECK (
      (source_type = 'youtube' AND youtube_id IS NOT NULL) OR
      (source_type = 'url' AND source_url IS NOT NULL) OR
      (source_type = 'upload' AND media_asset_id IS NOT NULL)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('exercise_videos');
}
