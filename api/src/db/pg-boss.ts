import PgBoss from 'pg-boss';
import type { Knex } from 'knex';
import type { Database } from './database.ts';

interface SqlResult {
  rows: unknown[];
  rowCount?: number;
}

interface PgliteLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  exec(text: string): Promise<{ rows: unknown[]; affectedRows?: number }[]>;
}

/**
 * pg-boss on the embedded engine. PGlite is one session: a pg-boss statement sent while a Knex
 * transaction is open would run inside it (and be rolled back with it, or wait on its locks for
 * ever). So every statement first takes Knex's single pooled connection, exactly like a Knex query
 * or transaction does, and gives it back after: the two queue behind each other, never interleave.
 * pg-boss sends its schema and migrations as multi-statement text without parameters, which only
 * the simple protocol (`exec`) accepts; everything with parameters goes through `query`.
 */
export function pgliteExecutor(knex: Knex): { executeSql(text: string, values?: unknown[]): Promise<SqlResult> } {
  const client = knex.client as { acquireConnection(): Promise<PgliteLike>; releaseConnection(c: PgliteLike): Promise<void> };
  return {
    async executeSql(text, values) {
      const connection = await client.acquireConnection();
      try {
        if (values && values.length > 0) {
          const r = await connection.query(text, values);
          return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
        }
        const results = await connection.exec(text);
        const last = results.at(-1);
        return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
      } finally {
        await client.releaseConnection(connection);
      }
    },
  };
}

/** pg-boss on the application's own database: its pooled settings on a server, the shared session embedded. */
export function createBoss(db: Database, common: { schema: string; pollingIntervalSeconds: number; maintenanceIntervalSeconds: number }): PgBoss {
  if (db.kind === 'embedded') return new PgBoss({ ...common, db: pgliteExecutor(db.knex) });
  // Knex has already parsed the connection string into pg's own settings: reuse them.
  const settings = (db.knex.client as { connectionSettings: { host?: string; port?: string | number; database?: string; user?: string; password?: string } }).connectionSettings;
  return new PgBoss({ ...common, ...settings, port: settings.port === undefined ? undefined : Number(settings.port), max: 3 });
}
