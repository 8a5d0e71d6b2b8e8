import type { Knex } from 'knex';

/**
 * Erasure requests (GDPR art. 17). After an erasure no row may name the user, this one included:
 * `user_id` is held only until the erasure is done, and the row keeps a digest of tenant and user
 * id (SHA-256), which finds a repeated request (idempotent) without saying whom it was about.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('erasures', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.text('subject_digest').notNullable();
    // No foreign key: the user row goes before this is cleared.
    t.uuid('user_id');
    // The API key that asked: the audit entry of the erasure names it as the actor.
    t.uuid('requested_by_key_id');
    t.text('policy').notNullable().checkIn(['tombstone', 'delete'], 'erasures_policy_check');
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'running', 'done', 'failed'], 'erasures_status_check');
    t.jsonb('counts').notNullable().defaultTo('{}');
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.unique(['tenant_id', 'subject_digest']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('erasures');
}
