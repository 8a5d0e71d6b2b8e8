import type { Knex } from 'knex';

// A course member's email as the platform shares it through NRPS (for notifications; never shown to other users).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('lti_roster_members', (t) => {
    t.text('email');
  });
  await knex.raw(`ALTER TABLE lti_roster_members ADD CONSTRAINT lti_roster_members_email_check CHECK (email IS NULL OR (length(email) <= 254 AND email LIKE '%_@_%'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('lti_roster_members', (t) => {
    t.dropChecks('lti_roster_members_email_check');
    t.dropColumn('email');
  });
}
