import PgBoss from 'pg-boss';
import type { Knex } from 'knex';
import type { Database } from '../db/database.ts';

export interface JobQueueOptions {
  /** How often an idle worker asks for work. */
  pollingIntervalSeconds?: number;
  /** How often expired (abandoned) jobs are failed so they can be retried. */
  maintenanceIntervalSeconds?: number;
  onError?: (error: unknown) => void;
}

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

export type JobHandler<T> = (job: { id: string; data: T; retryCount: number; retryLimit: number }) => Promise<void>;

export interface QueueSpec {
  name: string;
  retryLimit: number;
  retryDelaySeconds: number;
  /** A job still active after this long is taken to have died with its worker and is retried. */
  expireInSeconds: number;
  /** Each retry waits about twice as long as the one before (pg-boss's jittered exponential backoff). */
  retryBackoff?: boolean;
}

/** The job queue: pg-boss in the application's own PostgreSQL (server or embedded). */
export class JobQueue {
  readonly boss: PgBoss;
  private started = false;

  constructor(db: Database, options: JobQueueOptions = {}) {
    const common = {
      schema: 'pgboss',
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    };
    if (db.kind === 'embedded') {
      this.boss = new PgBoss({ ...common, db: pgliteExecutor(db.knex) });
    } else {
      // Knex has already parsed the connection string into pg's own settings: reuse them.
      const settings = (db.knex.client as { connectionSettings: { host?: string; port?: string | number; database?: string; user?: string; password?: string } }).connectionSettings;
      this.boss = new PgBoss({ ...common, ...settings, port: settings.port === undefined ? undefined : Number(settings.port), max: 3 });
    }
    this.boss.on('error', options.onError ?? ((error) => console.error('Job queue error:', error)));
  }

  async start(queues: QueueSpec[]): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    this.started = true;
    for (const q of queues) {
      const options = { name: q.name, retryLimit: q.retryLimit, retryDelay: q.retryDelaySeconds, retryBackoff: q.retryBackoff ?? false, expireInSeconds: q.expireInSeconds };
      if (await this.boss.getQueue(q.name)) await this.boss.updateQueue(q.name, options);
      else await this.boss.createQueue(q.name, options);
    }
  }

  send<T extends object>(name: string, data: T, options: { singletonKey?: string; startAfterSeconds?: number } = {}): Promise<string | null> {
    const { startAfterSeconds, ...rest } = options;
    return this.boss.send(name, data, startAfterSeconds ? { ...rest, startAfter: startAfterSeconds } : rest);
  }

  async work<T extends object>(name: string, handler: JobHandler<T>): Promise<string> {
    return this.boss.work<T>(name, { batchSize: 1, includeMetadata: true }, async ([job]) => {
      if (!job) return;
      await handler({ id: job.id, data: job.data, retryCount: job.retryCount, retryLimit: job.retryLimit });
    });
  }

  schedule(name: string, cron: string): Promise<void> {
    return this.boss.schedule(name, cron);
  }

  /** Stops polling; with `graceful`, waits for running jobs (they fail and retry if they overrun). */
  async stop(graceful = true): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful, wait: true, timeout: 10_000, close: true });
  }
}
