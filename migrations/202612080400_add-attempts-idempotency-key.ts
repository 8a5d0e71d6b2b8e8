import type { Knex } from 'knex';

/**
 * `POST /threads/:id/attempts` takes an Idempotency-Key, as `POST /comments` does: a browser that
 * reloads between the POST and its answer sends it again with the same key and gets the same
 * attempt. The key is unique per thread, and a thread has one owner, the only one who adds attempts
 * to it (the guard trigger holds the media to the thread's owner): so it is unique per learner and
 * thread, and racing retries insert one row (the others fail on the index and replay it). The
 * fingerprint tells a retry from a different request sent with the same key.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attempts', (t) => {
    t.text('idempotency_key');
    t.text('idempotency_fingerprint');
    t.unique(['thread_id', 'idempotency_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attempts', (t) => {
    t.dropUnique(['thread_id', 'idempotency_key']);
    t.dropColumn('idempotency_fingerprint');
    t.dropColumn('idempotency_key');
  });
}
