import type PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';
import { createBoss } from '../db/pg-boss.ts';

export interface JobQueueOptions {
  /** How often an idle worker asks for work. */
  pollingIntervalSeconds?: number;
  /** How often expired (abandoned) jobs are failed so they can be retried. */
  maintenanceIntervalSeconds?: number;
  onError?: (error: unknown) => void;
}

export type JobHandler<T> = (job: { id: string; data: T; retryCount: number; retryLimit: number }) => Promise<void>;

export interface QueueSpec {
  name: string;
  retryLimit: number;
  retryDelaySeconds: number;
  /** A job still active after this long is taken to have died with its worker and is retried. */
  expireInSeconds: number;
}

/** The job queue: pg-boss in the application's own PostgreSQL (server or embedded). */
export class JobQueue {
  readonly boss: PgBoss;
  private started = false;

  constructor(db: Database, options: JobQueueOptions = {}) {
    this.boss = createBoss(db, {
      schema: 'pgboss',
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    });
    this.boss.on('error', options.onError ?? ((error) => console.error('Job queue error:', error)));
  }

  async start(queues: QueueSpec[]): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    this.started = true;
    for (const q of queues) {
      const options = { name: q.name, retryLimit: q.retryLimit, retryDelay: q.retryDelaySeconds, expireInSeconds: q.expireInSeconds };
      if (await this.boss.getQueue(q.name)) await this.boss.updateQueue(q.name, options);
      else await this.boss.createQueue(q.name, options);
    }
  }

  send<T extends object>(name: string, data: T, options: { singletonKey?: string } = {}): Promise<string | null> {
    return this.boss.send(name, data, options);
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
