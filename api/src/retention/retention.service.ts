import type { AuditService } from '../audit/audit.service.ts';
import type { AttemptDeletedEvent } from '../contract/attempts.ts';
import type { Database } from '../db/database.ts';
import { assetPrefix } from '../media/media.service.ts';
import type { Principal } from '../auth/principal.ts';
import { mayReadRetentionNotices } from '../access/policy.ts';
import { ForbiddenError } from '../errors/domain-errors.ts';
import type { Mailer } from '../notifications/mailer.ts';
import type { Storage } from '../storage/storage.ts';
import { retentionWarningMail } from './retention-message.ts';
import type { RetainedAttempt, RetentionNoticeRow, RetentionPolicyRow, RetentionRepository, RetentionRunRow, RunCounts } from './retention.repository.ts';

const SYSTEM = (tenantId: string) => ({ kind: 'api_key' as const, tenantId, keyId: 'retention' });

/**
 * The retention job (run daily by the queue): per tenant with a policy, it warns the authors of
 * archived exercises nearing their end, then deletes those whose warning has run its course —
 * threads, comments, the exercise's uploaded media and its threads' attempts, rows and stored
 * objects; and it deletes
 * learners' attempts recorded `attempt_days` ago or more, with their comments and files. Each run is
 * written down for the tenant to see; each warning and deletion is audited.
 */
export class RetentionService {
  constructor(
    private readonly db: Database,
    private readonly repo: RetentionRepository,
    private readonly storage: Storage,
    private readonly audit: AuditService,
    /** With SMTP, authors are warned by email as well as in their inbox. */
    private readonly mailer: Mailer | undefined,
    private readonly mailHost: string,
    /** Announces a deleted attempt (live to its thread's room, and to webhooks), as the learner's own delete does. */
    private readonly attemptDeleted: (event: AttemptDeletedEvent, tenantId: string) => void = () => {},
  ) {}

  /** The tenant's latest runs, newest first. */
  runs(tenantId: string): Promise<RetentionRunRow[]> {
    return this.repo.runs(tenantId, 50);
  }

  /** The caller's warnings (an instructor's inbox): what will be deleted, and when. */
  notices(p: Principal): Promise<RetentionNoticeRow[]> {
    if (!mayReadRetentionNotices(p)) throw new ForbiddenError('Retention warnings go to instructors.');
    return this.repo.notices(p.tenantId, p.userId);
  }

  /** Emails the warnings not yet emailed; one that fails stays for the next run. Returns how many failed. */
  private async email(tenantId: string): Promise<number> {
    if (!this.mailer) return 0;
    let failed = 0;
    for (const n of await this.repo.unemailed(tenantId)) {
      const mail = retentionWarningMail({ noticeId: n.id, to: n.email, recipientName: n.display_name, locale: n.locale, exerciseTitle: n.exercise_title, deleteAfter: n.delete_after }, this.mailHost);
      try {
        await this.mailer.send(mail);
        await this.repo.markEmailed(n.id);
      } catch {
        failed++;
      }
    }
    return failed;
  }

  async runAll(): Promise<void> {
    for (const policy of await this.repo.policies()) await this.runTenant(policy);
  }

  /** Deletes attempts with their comments and files, each counted, announced once committed, and audited. */
  private async deleteAttempts(tenantId: string, attempts: RetainedAttempt[], counts: RunCounts): Promise<void> {
    for (const attempt of attempts) {
      // Objects before rows, as for exercises: were the rows to stay, the next run finds the attempt again.
      await this.storage.deletePrefix(assetPrefix({ tenant_id: tenantId, id: attempt.media_asset_id }));
      const done = await this.db.transaction((trx) => this.repo.deleteAttempt(tenantId, attempt.id, attempt.media_asset_id, trx));
      if (!done) continue;
      counts.deleted_attempts++;
      counts.deleted_media++;
      counts.deleted_comments += done.comments;
      this.attemptDeleted({ id: attempt.id, thread_id: attempt.thread_id, number: attempt.number }, tenantId);
      this.audit.record(SYSTEM(tenantId), 'retention.delete', 'allowed', `attempt:${attempt.id}`, { thread: attempt.thread_id, comments: done.comments });
    }
  }

  async runTenant(policy: RetentionPolicyRow): Promise<void> {
    const run = await this.repo.startRun(policy.tenant_id);
    const counts: RunCounts = { warned: 0, deleted_exercises: 0, deleted_threads: 0, deleted_comments: 0, deleted_media: 0, deleted_attempts: 0 };
    let unsent = 0;
    try {
      if (policy.archived_exercise_days !== null) {
        const p = { ...policy, archived_exercise_days: policy.archived_exercise_days };
        for (const notice of await this.repo.warn(p)) {
          counts.warned++;
          this.audit.record(SYSTEM(policy.tenant_id), 'retention.warn', 'allowed', `exercise:${notice.exercise_video_id}`, { recipient: `user:${notice.recipient_id}`, delete_after: notice.delete_after });
        }
        unsent = await this.email(policy.tenant_id);
        for (const exercise of await this.repo.expired(p, run.started_at)) {
          // Its threads' attempts first, each as attempt_days deletes one (files, rows, announced): the
          // exercise's own delete would take their rows by key and leave their media behind.
          await this.deleteAttempts(policy.tenant_id, await this.repo.exerciseAttempts(policy.tenant_id, exercise.id), counts);
          // Objects before rows: were the rows to stay (a crash), the next run finds the exercise again.
          const asset = exercise.media_asset_id;
          if (asset && !(await this.repo.assetUsedElsewhere(asset, exercise.id))) await this.storage.deletePrefix(assetPrefix({ tenant_id: policy.tenant_id, id: asset }));
          const done = await this.db.transaction((trx) => this.repo.deleteExercise(policy.tenant_id, exercise.id, asset, trx));
          if (done.mediaDeleted) counts.deleted_media++;
          counts.deleted_exercises++;
          counts.deleted_threads += done.threads;
          counts.deleted_comments += done.comments;
          this.audit.record(SYSTEM(policy.tenant_id), 'retention.delete', 'allowed', `exercise:${exercise.id}`, { threads: done.threads, comments: done.comments, media: done.mediaDeleted });
        }
      }
      if (policy.attempt_days !== null) {
        await this.deleteAttempts(policy.tenant_id, await this.repo.expiredAttempts(policy.tenant_id, policy.attempt_days), counts);
      }
      await this.repo.finishRun(run.id, counts, unsent ? `${unsent} warning email(s) could not be sent; the next run tries again (the warnings are in the authors’ inboxes).` : null);
    } catch (error) {
      await this.repo.finishRun(run.id, counts, 'The run stopped on an error; the next run goes on.');
      throw error;
    }
  }
}
