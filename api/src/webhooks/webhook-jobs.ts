import type { JobQueue, QueueSpec } from '../jobs/job-queue.ts';
import { WEBHOOK_QUEUE, type WebhookJob, type WebhooksService } from './webhooks.service.ts';

export interface WebhookJobsOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
}

/**
 * Retries with pg-boss's exponential backoff: retry n (from 0) waits 30 s × 2^n, plus up to as much
 * again at random, so eleven retries span about a day (17 hours at least, 26 expected) before a
 * delivery is left failed; the log and redelivery remain.
 */
export function webhookQueues(options: WebhookJobsOptions = {}): QueueSpec[] {
  return [
    { name: WEBHOOK_QUEUE, retryLimit: options.retryLimit ?? 11, retryDelaySeconds: options.retryDelaySeconds ?? 30, retryBackoff: true, expireInSeconds: 5 * 60 },
  ];
}

export class WebhookJobs {
  constructor(
    private readonly queue: JobQueue,
    private readonly service: WebhooksService,
    private readonly options: WebhookJobsOptions = {},
    ready: () => Promise<void> = async () => {},
  ) {
    service.enqueue = async (job) => {
      await ready();
      await this.queue.send(WEBHOOK_QUEUE, job);
    };
  }

  async work(): Promise<void> {
    await this.queue.work<WebhookJob>(WEBHOOK_QUEUE, async (job) => {
      await this.service.attempt(job.data);
    });
  }
}
