import type { AuditService } from '../audit/audit.service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { LivePublisher } from '../live/publisher.ts';
import { JobQueue, type JobQueueOptions } from '../jobs/job-queue.ts';
import { queueLifecycle } from '../jobs/queue-lifecycle.ts';
import type { Mailer } from '../notifications/mailer.ts';
import type { Storage } from '../storage/storage.ts';
import { RetentionRepository } from './retention.repository.ts';
import { RetentionService } from './retention.service.ts';

export const RETENTION_QUEUE = 'retention-run';

export interface RetentionJobsOptions {
  queue?: JobQueueOptions;
  /** When the run is scheduled (cron, UTC); daily at 03:15 by default. */
  cron?: string;
}

/** Retention wired once: the service and its daily run from the job queue (one run at a time, every process may work it). */
export function createRetention(config: Config, db: Database, storage: Storage, audit: AuditService, mailer: Mailer | undefined, live: LivePublisher, options: RetentionJobsOptions = {}) {
  const service = new RetentionService(db, new RetentionRepository(db), storage, audit, mailer, new URL(config.publicUrl).hostname, (e, tenantId) => live.attemptDeleted(e, tenantId));
  const queue = new JobQueue(db, options.queue);
  const lifecycle = queueLifecycle(queue, [{ name: RETENTION_QUEUE, retryLimit: 2, retryDelaySeconds: 15 * 60, expireInSeconds: 60 * 60 }], async () => {
    await queue.work(RETENTION_QUEUE, () => service.runAll());
    await queue.schedule(RETENTION_QUEUE, options.cron ?? '15 3 * * *');
  });
  return {
    service,
    /** Queues a run now (the schedule does so daily). */
    async runNow(): Promise<void> {
      await lifecycle.ready();
      await queue.send(RETENTION_QUEUE, {}, { singletonKey: 'retention' });
    },
    start: lifecycle.start,
    stop: lifecycle.stop,
  };
}

export type Retention = ReturnType<typeof createRetention>;
