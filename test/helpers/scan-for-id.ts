import type { Knex } from 'knex';

export interface Sighting {
  table: string;
  column: string;
  count: number;
}

/**
 * Every place a value appears in the database: each column of each table in the public schema,
 * read as text (uuid, text, jsonb, arrays alike), searched for the value anywhere in it. Found by
 * the catalogue, so a table added later is scanned without this list changing.
 */
export async function scanForValue(knex: Knex, value: string, schemas = ['public']): Promise<Sighting[]> {
  const columns = (await knex('information_schema.columns as c')
    .join('information_schema.tables as t', function () {
      this.on('t.table_schema', 'c.table_schema').andOn('t.table_name', 'c.table_name');
    })
    .whereIn('c.table_schema', schemas)
    .where('t.table_type', 'BASE TABLE')
    .whereNotIn('c.data_type', ['bytea'])
    .select('c.table_schema', 'c.table_name', 'c.column_name')) as { table_schema: string; table_name: string; column_name: string }[];
  const found: Sighting[] = [];
  for (const c of columns) {
    const [row] = await knex.raw<{ rows: { n: string | number }[] }>('SELECT count(*) AS n FROM ??.?? WHERE strpos(??::text, ?) > 0', [c.table_schema, c.table_name, c.column_name, value]).then((r) => r.rows);
    const count = Number(row?.n ?? 0);
    if (count) found.push({ table: c.table_name, column: c.column_name, count });
  }
  return found;
}
