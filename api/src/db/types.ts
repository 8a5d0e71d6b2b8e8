import type { Knex } from 'knex';

/** A Knex instance or an open transaction: repositories accept either. */
export type Queryable = Knex | Knex.Transaction;

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
