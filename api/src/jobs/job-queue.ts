import pRetry from 'p-retry';
import type PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';
import { logError } from '../core/loggable.ts';
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
  /** Each retry waits about twice as long as the one before (pg-boss's jittered exponential backoff). */
  retryBackoff?: boolean;
}

/**
 * One pg-boss per database and process, shared by every domain's queue: one pool, one maintenance
 * loop and one schema set-up, instead of one of each per domain (six pools of three connections,
 * and six set-ups racing at start). It starts with its first user and stops with its last.
 */
interface SharedBoss {
  boss: PgBoss;
  users: number;
  started: Promise<void>;
  queues: Map<string, Promise<void>>;
}
const shared = new WeakMap<Database, SharedBoss>();

/** A domain's view of the job queue: its own queues, workers and error handler on the shared pg-boss. */
export class JobQueue {
  private current: SharedBoss | undefined;
  private readonly workers: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly db: Database,
    private readonly options: JobQueueOptions = {},
  ) {
    this.onError = options.onError ?? logError('Job queue error');
  }

  private get boss(): PgBoss {
    if (!this.current) throw new Error('The job queue is not started.');
    return this.current.boss;
  }

  async start(queues: QueueSpec[]): Promise<void> {
    if (this.current) return;
    let s = shared.get(this.db);
    if (!s) {
      const boss = createBoss(this.db, {
        schema: 'pgboss',
        pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2,
        maintenanceIntervalSeconds: this.options.maintenanceIntervalSeconds ?? 60,
      });
      s = { boss, users: 0, started: boss.start().then(() => {}), queues: new Map() };
      shared.set(this.db, s);
    }
    s.users++;
    s.boss.on('error', this.onError);
    this.current = s;
    try {
      await s.started;
      for (const q of queues) {
        const options = { name: q.name, retryLimit: q.retryLimit, retryDelay: q.retryDelaySeconds, retryBackoff: q.retryBackoff ?? false, expireInSeconds: q.expireInSeconds };
        const boss = s.boss;
        let ready = s.queues.get(q.name);
        if (!ready) {
          // Another process may create the same queue at the same moment (a unique violation or a
          // deadlock on pg-boss's tables): look again and update it instead.
          ready = pRetry(
            async () => {
              if (await boss.getQueue(q.name)) await boss.updateQueue(q.name, options);
              else await boss.createQueue(q.name, options);
            },
            { retries: 5, minTimeout: 50, maxTimeout: 1_000, randomize: true },
          );
          s.queues.set(q.name, ready);
        }
        await ready;
      }
    } catch (error) {
      await this.stop(false);
      throw error;
    }
  }

  send<T extends object>(name: string, data: T, options: { singletonKey?: string; startAfterSeconds?: number } = {}): Promise<string | null> {
    const { startAfterSeconds, ...rest } = options;
    return this.boss.send(name, data, startAfterSeconds ? { ...rest, startAfter: startAfterSeconds } : rest);
  }

  async work<T extends object>(name: string, handler: JobHandler<T>): Promise<string> {
    const options = { batchSize: 1, includeMetadata: true as const, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 };
    const id = await this.boss.work<T>(name, options, async ([job]) => {
      if (!job) return;
      const run = handler({ id: job.id, data: job.data, retryCount: job.retryCount, retryLimit: job.retryLimit });
      this.running.add(run);
      try {
        await run;
      } finally {
        this.running.delete(run);
      }
    });
    this.workers.push(id);
    return id;
  }

  schedule(name: string, cron: string): Promise<void> {
    return this.boss.schedule(name, cron);
  }

  /**
   * Stops this domain's workers; with `graceful`, waits up to 10 s for its running jobs (one that
   * overruns fails by expiry and is retried). The shared pg-boss stops with its last user.
   */
  async stop(graceful = true): Promise<void> {
    const s = this.current;
    if (!s) return;
    this.current = undefined;
    await Promise.all(this.workers.splice(0).map((id) => s.boss.offWork({ id })));
    if (graceful && this.running.size > 0) {
      await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => setTimeout(r, 10_000).unref())]);
    }
    s.users--;
    if (s.users === 0) {
      shared.delete(this.db);
      await s.started.catch(() => {});
      await s.boss.stop({ graceful, wait: true, timeout: 10_000, close: true });
    }
    s.boss.off('error', this.onError);
  }
}
