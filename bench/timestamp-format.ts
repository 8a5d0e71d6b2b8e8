// What formatting a comment's timestamp costs PostgreSQL: et_iso() as migrated (STABLE, so
// inlined), the same body declared IMMUTABLE (as it first was: never inlined), and PostgreSQL's own
// timestamptz output, each over 1,000,000 timestamps, minus generating them (the baseline).
// Alternated rounds, medians, µs per call. Needs the PostgreSQL server.
import { migrateLatest, openDatabase } from '../api/src/db/database.ts';
import { median, scratchDatabase } from './lib.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const N = 1_000_000;
const over = (expr: string) => `SELECT sum(length(${expr})) FROM generate_series(1, ${N}) i, LATERAL (SELECT now() + i * interval '1 ms' AS t) z`;
const cases: Record<string, string> = {
  baseline: `SELECT count(*) FROM generate_series(1, ${N}) i, LATERAL (SELECT now() + i * interval '1 ms' AS t) z`,
  'et_iso (STABLE, inlined)': over('et_iso(t)'),
  'same body, IMMUTABLE (not inlined)': over('bench_iso_immutable(t)'),
  "timestamptz's own text output": over('t::text'),
};

const scratch = await scratchDatabase('et_ts');
const db = await openDatabase({ url: scratch.url, dataDir: 'memory://', poolMax: 1 });
try {
  await migrateLatest(db.knex);
  await db.knex.raw(`CREATE FUNCTION bench_iso_immutable(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const ms: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, query] of Object.entries(cases)) {
      const t0 = performance.now();
      await db.knex.raw(query);
      ms[name]!.push(performance.now() - t0);
    }
  }
  const base = median(ms.baseline!);
  for (const name of Object.keys(cases).slice(1)) console.log(`${name.padEnd(38)} ${(((median(ms[name]!) - base) * 1000) / N).toFixed(2)} µs a call`);
} finally {
  await db.close();
  await scratch.drop();
}
