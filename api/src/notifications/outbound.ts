import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { JobQueue, type JobQueueOptions } from '../jobs/job-queue.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { ThreadsRepository } from '../threads/threads.repository.ts';
import { WebhookJobs, webhookQueues, type WebhookJobsOptions } from '../webhooks/webhook-jobs.ts';
import { WebhooksRepository } from '../webhooks/webhooks.repository.ts';
import { WebhooksService } from '../webhooks/webhooks.service.ts';
import { createMailer } from './mailer.ts';
import { NotificationJobs, notificationQueues, type NotificationJobsOptions } from './notification-jobs.ts';
import { NotificationsRepository } from './notifications.repository.ts';
import { NotificationsService } from './notifications.service.ts';
import { UnsubscribeTokens } from './unsubscribe-tokens.ts';

export interface OutboundOptions {
  queue?: JobQueueOptions;
  notifications?: NotificationJobsOptions;
  webhooks?: WebhookJobsOptions;
}

/**
 * What leaves the service on its own: email and webhooks, both fed by the live publisher after
 * commit and both sent from one job queue. Sending works in any process (the queue starts on the
 * first job); `start` also runs the workers.
 */
export function createOutbound(config: Config, db: Database, live: LivePublisher, threads: ThreadsRepository, options: OutboundOptions = {}) {
  const mailer = createMailer(config.mail);
  const notifications = new NotificationsService(db, new NotificationsRepository(db), threads, mailer, new UnsubscribeTokens(config.jwtSecret), {
    publicUrl: config.publicUrl,
    replyDelaySeconds: config.mail.replyDelaySeconds,
  });
  const webhooks = new WebhooksService(new WebhooksRepository(db), { allowPrivateUrls: config.webhooks.allowPrivateUrls });
  live.onCommitted((c) => notifications.committed(c));
  live.onCommitted((c) => webhooks.committed(c));

  const queue = new JobQueue(db, options.queue);
  let starting: Promise<void> | undefined;
  let working = false;
  const ready = (): Promise<void> => (starting ??= queue.start([...notificationQueues(options.notifications), ...webhookQueues(options.webhooks)]));
  const emailJobs = new NotificationJobs(queue, notifications, options.notifications, ready);
  const webhookJobs = new WebhookJobs(queue, webhooks, options.webhooks, ready);

  return {
    notifications,
    webhooks,
    /** Undefined without SMTP; other domains (retention warnings) send through it too. */
    mailer,
    async start(): Promise<void> {
      await ready();
      if (working) return;
      working = true;
      await emailJobs.work();
      await webhookJobs.work();
    },
    async stop(): Promise<void> {
      if (!starting) return;
      await starting.catch(() => {});
      starting = undefined;
      working = false;
      await live.settled();
      await queue.stop();
      mailer?.close();
    },
  };
}
