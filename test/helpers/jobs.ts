import type { Knex } from 'knex';
import { waitFor } from '../media/helpers.ts';

/** Until every job of the queues named like `pattern` (SQL LIKE) has finished, completed or failed for good. */
export async function jobsSettled(knex: Knex, pattern: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    `jobs ${pattern} to finish`,
    async () => {
      const r = await knex.raw<{ rows: { n: number }[] }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE ? AND state IN ('created', 'retry', 'active')`,
        [pattern],
      );
      return r.rows[0]!.n === 0 ? true : undefined;
    },
    timeoutMs,
  );
}
