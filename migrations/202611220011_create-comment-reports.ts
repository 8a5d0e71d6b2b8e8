import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('comment_reports', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.uuid('comment_id').notNullable().references('video_comments.id').onDelete('CASCADE');
    t.uuid('reporter_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('reason').notNullable();
    t.text('status').notNullable().defaultTo('open').checkIn(['open', 'dismissed', 'actioned'], 'comment_reports_status_check');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('resolved_at', { useTz: true });
    t.unique(['comment_id', 'reporter_id']);
    t.index(['tenant_id', 'status', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('comment_reports');
}
