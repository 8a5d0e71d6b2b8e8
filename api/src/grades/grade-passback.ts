import type { JobQueue, QueueSpec } from '../jobs/job-queue.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { AgsClient } from '../lti/ags-client.ts';
import { PlatformServiceError } from '../lti/platform-service-error.ts';
import { DEFAULT_MAX_SCORE } from '../contract/grades.ts';
import { toGradeView } from './grades.service.ts';
import type { GradeRow, GradesRepository, PassbackTarget } from './grades.repository.ts';

export const GRADE_QUEUE = 'lti-grade-passback';

export interface GradePassbackOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
}

/** The platform's user id: ours is `<issuer>#<sub>`. */
function subOf(target: PassbackTarget): string {
  return target.owner_external_id.slice(target.issuer.length + 1);
}

/**
 * Posts a thread's grade to each gradebook it belongs to (AGS scores), from the job queue:
 * pg-boss retries an outage with backoff; the grade's passback state says `pending` (with the
 * last error) meanwhile, `sent` once every gradebook has it, `failed` when retries run out or the
 * platform refuses. Each job posts the grade as it is when the job runs, stamped with its
 * graded_at, so a retry or a resend never overwrites a newer grade on the platform.
 */
export class GradePassback {
  private starting: Promise<void> | undefined;

  constructor(
    private readonly queue: JobQueue,
    private readonly repo: GradesRepository,
    private readonly ags: AgsClient,
    private readonly live: LivePublisher,
    private readonly options: GradePassbackOptions = {},
  ) {}

  specs(): QueueSpec[] {
    return [{ name: GRADE_QUEUE, retryLimit: this.options.retryLimit ?? 5, retryDelaySeconds: this.options.retryDelaySeconds ?? 30, expireInSeconds: 5 * 60 }];
  }

  async enqueue(threadId: string): Promise<void> {
    this.starting ??= this.queue.start(this.specs());
    await this.starting;
    await this.queue.send(GRADE_QUEUE, { thread_id: threadId });
  }

  async enqueueSubmitted(threadId: string): Promise<void> {
    this.starting ??= this.queue.start(this.specs());
    await this.starting;
    await this.queue.send(GRADE_QUEUE, { thread_id: threadId, kind: 'submitted' });
  }

  async start(): Promise<void> {
    this.starting ??= this.queue.start(this.specs());
    await this.starting;
    await this.queue.work<{ thread_id: string; kind?: 'submitted' }>(GRADE_QUEUE, (job) => {
      const last = job.retryCount >= job.retryLimit;
      return job.data.kind === 'submitted' ? this.processSubmitted(job.data.thread_id, last) : this.process(job.data.thread_id, last);
    });
  }

  /**
   * One attempt at posting the submission. A thread graded meanwhile is left alone: a score with
   * no scoreGiven would clear the grade the platform holds.
   */
  async processSubmitted(threadId: string, last: boolean): Promise<void> {
    const submission = await this.repo.findSubmission(threadId);
    if (!submission || submission.passback_state === 'not_applicable' || submission.passback_state === 'sent') return;
    if (await this.repo.find(threadId)) return this.repo.setSubmissionPassback(threadId, 'not_applicable', null);
    try {
      for (const target of await this.repo.targets(threadId)) {
        const { platform, endpoint, lineItemUrl } = await this.lineItem(target, undefined);
        await this.ags.postScore(platform, endpoint, lineItemUrl, {
          userId: subOf(target),
          timestamp: submission.submitted_at.toISOString(),
          activityProgress: 'Submitted',
          gradingProgress: 'PendingManual',
        });
      }
      await this.repo.setSubmissionPassback(threadId, 'sent', null);
    } catch (error) {
      const retry = !last && (!(error instanceof PlatformServiceError) || error.retryable);
      await this.repo.setSubmissionPassback(threadId, retry ? 'pending' : 'failed', error instanceof PlatformServiceError ? error.message : 'The submission could not be sent (an internal error).');
      if (retry) throw error;
    }
  }

  /** One attempt; `last`: no retry follows, so an outage is reported as failed. */
  async process(threadId: string, last: boolean): Promise<void> {
    const grade = await this.repo.find(threadId);
    if (!grade || grade.passback_state === 'not_applicable') return;
    try {
      for (const target of await this.repo.targets(threadId)) await this.post(grade, target);
      this.publish(threadId, await this.repo.setPassback(threadId, 'sent', null));
    } catch (error) {
      const retry = !last && (!(error instanceof PlatformServiceError) || error.retryable);
      const message = error instanceof PlatformServiceError ? error.message : 'The grade could not be sent (an internal error).';
      this.publish(threadId, await this.repo.setPassback(threadId, retry ? 'pending' : 'failed', message));
      if (retry) throw error;
    }
  }

  /** The link's line item: the one the platform named, else found or made (with `scoreMaximum`, else the exercise's). */
  private async lineItem(target: PassbackTarget, scoreMaximum: number | undefined) {
    const platform = { id: target.platform_id, client_id: target.client_id, token_url: target.token_url };
    const endpoint = { scope: target.scopes, ...(target.lineitems_url && { lineitems: target.lineitems_url }), ...(target.line_item_url && { lineitem: target.line_item_url }) };
    let lineItemUrl = target.line_item_url;
    if (!lineItemUrl) {
      const item = await this.ags.ensureLineItem(platform, endpoint, {
        resourceLinkId: target.resource_link_id,
        resourceId: target.exercise_id,
        label: target.exercise_title,
        scoreMaximum: scoreMaximum ?? (await this.repo.maxScore(target.thread_id)) ?? DEFAULT_MAX_SCORE,
      });
      if (!item) throw new PlatformServiceError('The platform named no line item for this link and does not let the tool make one.', undefined, false);
      await this.repo.saveLineItem(target.link_id, item.id, item.scoreMaximum);
      lineItemUrl = item.id;
    }
    return { platform, endpoint, lineItemUrl };
  }

  private async post(grade: GradeRow, target: PassbackTarget): Promise<void> {
    const { platform, endpoint, lineItemUrl } = await this.lineItem(target, grade.max_score);
    await this.ags.postScore(platform, endpoint, lineItemUrl, {
      userId: subOf(target),
      scoreGiven: grade.score,
      scoreMaximum: grade.max_score,
      ...(grade.comment !== null && { comment: grade.comment }),
      timestamp: grade.graded_at.toISOString(),
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
  }

  private publish(threadId: string, row: GradeRow | undefined): void {
    if (row) this.live.grade({ ...toGradeView(row, row.max_score), thread_id: threadId });
  }

  async stop(): Promise<void> {
    if (!this.starting) return;
    await this.starting.catch(() => {});
    this.starting = undefined;
    await this.queue.stop();
  }
}
