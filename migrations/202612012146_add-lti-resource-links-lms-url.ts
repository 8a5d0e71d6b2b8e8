import type { Knex } from 'knex';

// The placement's own address in the LMS (the custom lms_url parameter), where emails link LTI users.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('lti_resource_links', (t) => {
    t.text('lms_url');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('lti_resource_links', (t) => {
    t.dropColumn('lms_url');
  });
}
