import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { JobQueue, type JobQueueOptions, type QueueSpec } from '../jobs/job-queue.ts';
import { queueLifecycle } from '../jobs/queue-lifecycle.ts';
import type { LivePublisher } from '../live/publisher.ts';
import { XapiRepository } from './xapi.repository.ts';
import { XapiService } from './xapi.service.ts';

export const XAPI_SEND_QUEUE = 'xapi-send';
export const XAPI_SWEEP_QUEUE = 'xapi-sweep';

export interface XapiJobsOptions {
  queue?: JobQueueOptions;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
}

/**
 * Learning records wired once: statements wait in the outbox table and a job per tenant sends
 * them, retried with backoff while the LRS is down; a sweep every ten minutes picks up a tenant
 * whose job ran out of retries. Comments become `commented` statements after they commit.
 */
export function createXapi(config: Config, db: Database, live: LivePublisher, options: XapiJobsOptions = {}) {
  const repo = new XapiRepository(db);
  const service = new XapiService(repo, config.publicUrl, config.jwtSecret);
  const queue = new JobQueue(db, options.queue);
  const specs: QueueSpec[] = [
    { name: XAPI_SEND_QUEUE, retryLimit: options.retryLimit ?? 10, retryDelaySeconds: options.retryDelaySeconds ?? 30, retryBackoff: options.retryBackoff ?? true, expireInSeconds: 5 * 60 },
    { name: XAPI_SWEEP_QUEUE, retryLimit: 0, retryDelaySeconds: 60, expireInSeconds: 5 * 60 },
  ];
  const lifecycle = queueLifecycle(queue, specs, async () => {
    await queue.work<{ tenant_id: string }>(XAPI_SEND_QUEUE, async (job) => void (await service.sendPending(job.data.tenant_id)));
    await queue.work(XAPI_SWEEP_QUEUE, async () => {
      for (const tenantId of await repo.tenantsWithUnsent()) await service.sendQueue(tenantId);
    });
    await queue.schedule(XAPI_SWEEP_QUEUE, '*/10 * * * *');
  });
  service.sendQueue = async (tenantId) => {
    await lifecycle.ready();
    // One waiting job per tenant is enough: it sends everything unsent when it runs.
    await queue.send(XAPI_SEND_QUEUE, { tenant_id: tenantId }, { singletonKey: tenantId });
  };
  live.onCommitted(async (c) => {
    if (c.kind !== 'comment' || c.event !== 'comment:created' || !c.comment.author) return;
    await service.commented(c.tenantId, c.comment.author.id, c.comment.thread_id, {
      id: c.comment.id,
      thread_id: c.comment.thread_id,
      t_start_ms: Math.round(c.comment.t_start * 1000),
      t_end_ms: Math.round(c.comment.t_end * 1000),
      body: c.comment.body ?? '',
      created_at: c.comment.created_at,
    });
  });
  return { service, start: lifecycle.start, stop: lifecycle.stop };
}

export type Xapi = ReturnType<typeof createXapi>;
