import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Which markers a comment carries; a marker deleted leaves its comments.
  await knex.schema.createTable('comment_markers', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('comment_id').notNullable().references('video_comments.id').onDelete('CASCADE');
    t.uuid('marker_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['comment_id', 'marker_id']);
    t.foreign(['tenant_id', 'marker_id']).references(['tenant_id', 'id']).inTable('feedback_markers').onDelete('CASCADE');
    t.index(['marker_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('comment_markers');
}
