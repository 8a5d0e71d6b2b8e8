import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('media_assets', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('owner_id').notNullable();
    t.text('file_name').notNullable();
    t.text('content_type').notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.text('source_key').notNullable();
    t.text('upload_id');
    t.text('status')
      .notNullable()
      .defaultTo('pending')
      .checkIn(['pending', 'uploaded', 'processing', 'ready', 'failed'], 'media_assets_status_check');
    t.jsonb('renditions').notNullable().defaultTo('[]');
    t.text('master_key');
    t.text('poster_key');
    t.integer('duration_ms').checkPositive('media_assets_duration_check');
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['tenant_id', 'owner_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
    t.unique(['tenant_id', 'id']);
    t.index(['status', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('media_assets');
}
