import type { Knex } from 'knex';

// The part size an upload was started with: resuming must hand out the same part boundaries.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('media_assets', (t) => {
    t.integer('part_size_bytes');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('media_assets', (t) => {
    t.dropColumn('part_size_bytes');
  });
}
