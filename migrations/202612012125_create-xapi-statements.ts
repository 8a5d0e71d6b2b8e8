import type { Knex } from 'knex';

/**
 * The outbox of xAPI statements for a tenant's LRS. The id is the statement's own (deterministic,
 * so a resent event or a retried job finds its row, and the LRS its statement); the job queue
 * sends unsent rows and marks them. A user's rows go with the user.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xapi_statements', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable();
    t.jsonb('statement').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    // The LRS refused it for good (400, 401, 403): kept for the tenant to see, not retried.
    t.timestamp('rejected_at', { useTz: true });
    t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE');
    t.index(['user_id']);
  });
  await knex.raw('CREATE INDEX xapi_statements_unsent_idx ON xapi_statements (tenant_id, created_at) WHERE sent_at IS NULL AND rejected_at IS NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('xapi_statements');
}
