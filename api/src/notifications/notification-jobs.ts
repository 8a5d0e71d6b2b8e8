import type { JobQueue, QueueSpec } from '../jobs/job-queue.ts';
import { DIGEST_FANOUT_QUEUE, DIGEST_QUEUE, REPLY_QUEUE, type DigestJob, type NotificationsService, type ReplyJob } from './notifications.service.ts';

export interface NotificationJobsOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** When the digest run starts (cron, UTC); daily at 07:00 by default. */
  digestCron?: string;
}

/** The email queues: delayed reply batches, the daily digest run and its one job per instructor. */
export function notificationQueues(options: NotificationJobsOptions = {}): QueueSpec[] {
  // SMTP refusals are usually temporary (greylisting, a full queue): retry for about an hour.
  const retry = { retryLimit: options.retryLimit ?? 6, retryDelaySeconds: options.retryDelaySeconds ?? 60, retryBackoff: true, expireInSeconds: 5 * 60 };
  return [
    { name: REPLY_QUEUE, ...retry },
    { name: DIGEST_QUEUE, ...retry },
    { name: DIGEST_FANOUT_QUEUE, retryLimit: 3, retryDelaySeconds: 300, expireInSeconds: 30 * 60 },
  ];
}

/** Hands the service's work to the queue, and the queue's jobs to the service. */
export class NotificationJobs {
  constructor(
    private readonly queue: JobQueue,
    private readonly service: NotificationsService,
    private readonly options: NotificationJobsOptions = {},
    /** Resolves once the queue is started (for sending only, in a process that runs no workers). */
    ready: () => Promise<void> = async () => {},
  ) {
    service.enqueue = async (name, data, sendOptions) => {
      await ready();
      await this.queue.send(name, data, sendOptions);
    };
  }

  /** Registers the workers and the digest schedule; does nothing while email is off. */
  async work(): Promise<void> {
    if (!this.service.enabled) return;
    await this.queue.work<ReplyJob>(REPLY_QUEUE, (job) => this.service.sendReplies(job.data));
    await this.queue.work<DigestJob>(DIGEST_QUEUE, (job) => this.service.sendDigest(job.data));
    await this.queue.work(DIGEST_FANOUT_QUEUE, async () => {
      await this.service.queueDigests();
    });
    await this.queue.schedule(DIGEST_FANOUT_QUEUE, this.options.digestCron ?? '0 7 * * *');
  }
}
