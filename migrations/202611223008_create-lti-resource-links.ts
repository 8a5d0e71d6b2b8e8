import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A placement of the tool in a course, bound to one exercise (by Deep Linking or on the
  // instructor's first launch).
  await knex.schema.createTable('lti_resource_links', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('platform_id').notNullable();
    t.text('resource_link_id').notNullable();
    t.uuid('context_id');
    t.uuid('exercise_video_id');
    t.text('title').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['tenant_id', 'platform_id']).references(['tenant_id', 'id']).inTable('lti_platforms').onDelete('CASCADE');
    t.foreign(['tenant_id', 'context_id']).references(['tenant_id', 'id']).inTable('lti_contexts').onDelete('CASCADE');
    t.unique(['platform_id', 'resource_link_id']);
  });
  // A deleted exercise unbinds the link (the instructor chooses again); the tenant stays.
  await knex.raw(`
    ALTER TABLE lti_resource_links ADD CONSTRAINT lti_resource_links_exercise_fk
    FOREIGN KEY (tenant_id, exercise_video_id) REFERENCES exercise_videos (tenant_id, id) ON DELETE SET NULL (exercise_video_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lti_resource_links');
}
