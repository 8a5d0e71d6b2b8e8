import type { Knex } from 'knex';

/** A Knex instance or an open transaction: repositories accept either. */
export type Queryable = Knex | Knex.Transaction;

/** An open transaction, as services see it: something to hand to a repository, nothing to query. */
export type Transaction = Knex.Transaction;

/** What a repository is built on: the database, or a transaction a service opened. */
export type Connection = Queryable | { readonly knex: Knex };

export function queryable(c: Connection): Queryable {
  return typeof c === 'function' ? c : c.knex;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
