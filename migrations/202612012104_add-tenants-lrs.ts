import type { Knex } from 'knex';

// A tenant's Learning Record Store. The password is stored encrypted (AES-256-GCM, see
// api/src/xapi/lrs-secret.ts) and never answered back; all three are set together or not at all.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.text('lrs_endpoint');
    t.text('lrs_username');
    t.text('lrs_password_sealed');
  });
  await knex.raw(`
    ALTER TABLE tenants ADD CONSTRAINT tenants_lrs_check CHECK (
      (lrs_endpoint IS NULL) = (lrs_username IS NULL) AND (lrs_endpoint IS NULL) = (lrs_password_sealed IS NULL)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE tenants DROP CONSTRAINT tenants_lrs_check');
  await knex.schema.alterTable('tenants', (t) => {
    t.dropColumns('lrs_endpoint', 'lrs_username', 'lrs_password_sealed');
  });
}
