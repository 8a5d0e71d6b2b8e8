import type { Knex } from 'knex';

/**
 * Timestamps as the API writes them (ISO 8601, UTC, milliseconds), made by the database: parsing
 * them into JavaScript Dates only to format them again was the largest cost of reading comments.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION et_iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION et_iso(timestamptz)');
}
