import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Moderation is recorded here and in the comment's hidden_at; it never rewrites a body or an author.
  await knex.schema.createTable('moderation_actions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.uuid('moderator_id').notNullable().references('users.id');
    t.uuid('comment_id').notNullable().references('video_comments.id').onDelete('CASCADE');
    t.uuid('report_id').references('comment_reports.id').onDelete('SET NULL');
    t.text('action').notNullable().checkIn(['hide', 'unhide', 'dismiss'], 'moderation_actions_action_check');
    t.text('reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['comment_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('moderation_actions');
}
