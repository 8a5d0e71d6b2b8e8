import type { AuditService } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { JobQueue, type JobQueueOptions, type QueueSpec } from '../jobs/job-queue.ts';
import { queueLifecycle } from '../jobs/queue-lifecycle.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { Storage } from '../storage/storage.ts';
import { DataExportRepository } from './data-export.repository.ts';
import { ErasureRepository } from './erasure.repository.ts';
import { PrivacyService } from './privacy.service.ts';

export const EXPORT_QUEUE = 'privacy-export';
export const ERASE_QUEUE = 'privacy-erase';

export interface PrivacyJobsOptions {
  queue?: JobQueueOptions;
  retryLimit?: number;
  retryDelaySeconds?: number;
}

/**
 * The privacy domain wired once: exports and erasures run from their own job queue, so a crash
 * or a storage outage midway is retried (both jobs pick up where the rows say they are).
 */
export function createPrivacy(
  db: Database,
  storage: Storage,
  audit: AuditService,
  disconnectUser: (tenantId: string, userId: string) => void,
  live: LivePublisher,
  options: PrivacyJobsOptions = {},
) {
  const service = new PrivacyService(db, new DataExportRepository(db), new ErasureRepository(db), storage, audit, disconnectUser, (e, tenantId) => live.attemptDeleted(e, tenantId));
  const queue = new JobQueue(db, options.queue);
  const retry = { retryLimit: options.retryLimit ?? 5, retryDelaySeconds: options.retryDelaySeconds ?? 30, retryBackoff: true };
  const specs: QueueSpec[] = [
    { name: EXPORT_QUEUE, ...retry, expireInSeconds: 30 * 60 },
    { name: ERASE_QUEUE, ...retry, expireInSeconds: 15 * 60 },
  ];
  const lifecycle = queueLifecycle(queue, specs, async () => {
    await queue.work<{ export_id: string }>(EXPORT_QUEUE, (job) => service.buildExport(job.data.export_id));
    await queue.work<{ erasure_id: string }>(ERASE_QUEUE, (job) => service.erase(job.data.erasure_id));
  });
  // One job per request: a repeated send (a retried request) finds the first by its key.
  const send = async (name: string, data: object, id: string): Promise<void> => {
    await lifecycle.ready();
    await queue.send(name, data, { singletonKey: id });
  };
  service.queue = {
    buildExport: (id) => send(EXPORT_QUEUE, { export_id: id }, id),
    erase: (id) => send(ERASE_QUEUE, { erasure_id: id }, id),
  };
  return { service, start: lifecycle.start, stop: lifecycle.stop };
}

export type Privacy = ReturnType<typeof createPrivacy>;
