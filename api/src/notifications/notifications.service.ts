import { threadScope } from '../access/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type { Database } from '../db/database.ts';
import type { Committed } from '../live/publisher.ts';
import { ForbiddenError } from '../errors/domain-errors.ts';
import type { ThreadsRepository } from '../threads/threads.repository.ts';
import type { Mailer } from './mailer.ts';
import { mailLanguage, renderDigest, renderReply, type RenderedMessage } from './messages.ts';
import type { DeliveryRow, NotificationsRepository, Preferences, RecipientRow } from './notifications.repository.ts';
import type { UnsubscribeKind, UnsubscribeTokens } from './unsubscribe-tokens.ts';

export const REPLY_QUEUE = 'notify-reply';
export const DIGEST_QUEUE = 'notify-digest';
export const DIGEST_FANOUT_QUEUE = 'notify-digests';

export interface ReplyJob {
  comment_id: string;
}

export interface DigestJob {
  tenant_id: string;
  user_id: string;
  frequency: 'daily' | 'weekly';
  /** The day the digest run started (UTC, YYYY-MM-DD): one digest per user, frequency and day. */
  period: string;
}

/** How the service hands work to the queue (set by NotificationJobs). */
export type Enqueue = (queue: string, data: object, options?: { startAfterSeconds?: number; singletonKey?: string }) => Promise<void>;

/** Threads a digest lists by name; the rest are counted. */
const DIGEST_LISTED = 20;
/** Awaiting threads read for one digest. */
const DIGEST_READ = 500;

export interface NotificationsOptions {
  publicUrl: string;
  replyDelaySeconds: number;
}

/** Fills a tenant's link template; the values are ids, encoded all the same. */
export function fillLinkTemplate(template: string, ids: { thread_id: string; exercise_id: string }): string {
  return template.replace(/\{(thread_id|exercise_id)\}/g, (_, key: keyof typeof ids) => encodeURIComponent(ids[key]));
}

/**
 * Email: reply notifications (delayed, batched, skipped when read), instructors' digests of
 * threads awaiting reply, per-user preferences and one-click unsubscribe. Without a mailer
 * (no SMTP configured) nothing is queued and nothing is sent; preferences still work.
 */
export class NotificationsService {
  enqueue: Enqueue | undefined;

  constructor(
    private readonly db: Database,
    private readonly repo: NotificationsRepository,
    private readonly threads: ThreadsRepository,
    private readonly mailer: Mailer | undefined,
    private readonly unsubscribeTokens: UnsubscribeTokens,
    private readonly options: NotificationsOptions,
  ) {}

  get enabled(): boolean {
    return this.mailer !== undefined;
  }

  private asUser(p: Principal) {
    if (p.kind !== 'user') throw new ForbiddenError('Notification preferences belong to a user: call with a user access token.');
    return p;
  }

  async preferences(p: Principal): Promise<Preferences> {
    const user = this.asUser(p);
    return this.repo.preferences(user.tenantId, user.userId);
  }

  async updatePreferences(p: Principal, patch: Partial<Preferences>): Promise<Preferences> {
    const user = this.asUser(p);
    return this.repo.savePreferences(user.tenantId, user.userId, patch);
  }

  /** RFC 8058 one-click unsubscribe: false for a token we did not sign. */
  async unsubscribe(token: string): Promise<boolean> {
    const claims = await this.unsubscribeTokens.verify(token);
    if (!claims) return false;
    const patch: Partial<Preferences> = claims.kind === 'reply' ? { reply_emails: false } : { digest: 'off' };
    // A user deleted since the email went out has nothing left to turn off.
    if (!(await this.repo.recipient(claims.tenantId, claims.userId))) return true;
    await this.repo.savePreferences(claims.tenantId, claims.userId, patch);
    return true;
  }

  unsubscribeUrl(token: string): string {
    return `${this.options.publicUrl}/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
  }

  async committed(c: Committed): Promise<void> {
    if (c.kind === 'comment' && c.event === 'comment:created') await this.commentCreated(c.comment);
  }

  /** After a comment commits: an answer by anyone but a learner (the owner) may notify the owner. */
  async commentCreated(comment: { id: string; author: { role: string } | null }): Promise<void> {
    if (!this.enabled || !this.enqueue || !comment.author || comment.author.role === 'learner') return;
    await this.enqueue(REPLY_QUEUE, { comment_id: comment.id } satisfies ReplyJob, { startAfterSeconds: this.options.replyDelaySeconds });
  }

  /**
   * Runs when a reply's delay has passed: one message with every reply since it that the owner has
   * not read (and no earlier message carried). A retry resends the claimed message, or nothing once sent.
   */
  async sendReplies(job: ReplyJob): Promise<void> {
    if (!this.mailer) return;
    const dedupeKey = `reply:${job.comment_id}`;
    const claimed = await this.db.transaction(async (trx) => {
      const thread = await this.repo.lockReplyThread(job.comment_id, trx);
      if (!thread) return undefined;
      const owner = await this.repo.recipient(thread.tenant_id, thread.owner_id, trx);
      if (!owner?.email || !owner.reply_emails) return undefined;
      const earlier = await this.repo.delivery(dedupeKey, trx);
      if (earlier) return earlier.status === 'sent' ? undefined : { thread, owner, delivery: earlier, replies: await this.repo.unreadReplies(thread, earlier.comment_ids, trx) };
      const replies = await this.repo.unreadRepliesSince(thread, job.comment_id, trx);
      if (replies.length === 0) return undefined;
      const delivery = await this.repo.claim(
        { tenant_id: thread.tenant_id, user_id: owner.id, kind: 'reply', dedupe_key: dedupeKey, thread_id: thread.id, comment_ids: replies.map((r) => r.id) },
        trx,
      );
      return { thread, owner, delivery, replies };
    });
    // Read (or removed) while a failed send waited for its retry: nothing left to tell.
    if (!claimed || claimed.replies.length === 0) return;
    const { thread, owner, delivery, replies } = claimed;
    const unsubscribeUrl = await this.unsubscribeFor(owner, 'reply');
    const message = renderReply({
      language: mailLanguage(owner.locale),
      recipientName: owner.display_name,
      exerciseTitle: thread.exercise_title,
      replies: replies.map((r) => ({ authorName: r.author_name, tStartMs: r.t_start_ms, tEndMs: r.t_end_ms, body: r.body })),
      link: await this.link(owner, { thread_id: thread.id, exercise_id: thread.exercise_video_id }),
      unsubscribeUrl,
    });
    await this.deliver(owner, delivery, message, unsubscribeUrl);
  }

  /** The scheduled run: queues one digest job per author whose frequency is due today. */
  async queueDigests(now = new Date()): Promise<number> {
    if (!this.enabled || !this.enqueue) return 0;
    const period = now.toISOString().slice(0, 10);
    // Weekly digests go out on Mondays.
    const due: ('daily' | 'weekly')[] = now.getUTCDay() === 1 ? ['daily', 'weekly'] : ['daily'];
    let queued = 0;
    for (const frequency of due) {
      for (const r of await this.repo.digestRecipients(frequency)) {
        const job: DigestJob = { tenant_id: r.tenant_id, user_id: r.id, frequency, period };
        await this.enqueue(DIGEST_QUEUE, job, { singletonKey: `${r.id}:${frequency}:${period}` });
        queued++;
      }
    }
    return queued;
  }

  /** One instructor's digest: the threads of their exercises awaiting reply, none if there are none. */
  async sendDigest(job: DigestJob): Promise<void> {
    if (!this.mailer) return;
    const user = await this.repo.recipient(job.tenant_id, job.user_id);
    if (!user?.email || user.digest !== job.frequency || user.role !== 'instructor') return;
    const dedupeKey = `digest:${user.id}:${job.frequency}:${job.period}`;
    const earlier = await this.repo.delivery(dedupeKey);
    if (earlier?.status === 'sent') return;
    const scope = threadScope({ kind: 'user', tenantId: user.tenant_id, userId: user.id, role: user.role });
    const rows = await this.threads.list(scope, { awaitingReply: true, ascending: false, limit: DIGEST_READ });
    // Archived exercises' threads are read-only: nobody can answer them.
    const awaiting = rows.filter((t) => !t.read_only && t.owner_id !== user.id);
    if (awaiting.length === 0) return;
    const listed = awaiting.slice(0, DIGEST_LISTED);
    const titles = await this.repo.exerciseTitles([...new Set(listed.map((t) => t.exercise_video_id))]);
    const threads = await Promise.all(
      listed.map(async (t) => ({
        ownerName: t.owner_name,
        exerciseTitle: titles.get(t.exercise_video_id) ?? '',
        lastActivityAt: new Date(t.last_activity_at),
        link: await this.link(user, { thread_id: t.id, exercise_id: t.exercise_video_id }),
      })),
    );
    const unsubscribeUrl = await this.unsubscribeFor(user, 'digest');
    const message = renderDigest({
      language: mailLanguage(user.locale),
      recipientName: user.display_name,
      period: job.frequency,
      threads,
      total: awaiting.length,
      unsubscribeUrl,
    });
    const delivery = earlier ?? (await this.repo.claim({ tenant_id: user.tenant_id, user_id: user.id, kind: 'digest', dedupe_key: dedupeKey }));
    if (delivery.status === 'sent') return;
    await this.deliver(user, delivery, message, unsubscribeUrl);
  }

  private async link(user: RecipientRow, ids: { thread_id: string; exercise_id: string }): Promise<string | undefined> {
    const lms = await this.repo.lmsLink(user.id, ids.exercise_id);
    if (lms) return lms;
    const template = await this.repo.threadLinkTemplate(user.tenant_id);
    return template ? fillLinkTemplate(template, ids) : undefined;
  }

  private async unsubscribeFor(user: RecipientRow, kind: UnsubscribeKind): Promise<string> {
    return this.unsubscribeUrl(await this.unsubscribeTokens.sign({ tenantId: user.tenant_id, userId: user.id, kind }));
  }

  /** Sends the claimed message; a failure is recorded and rethrown, so the queue retries it. */
  private async deliver(user: RecipientRow, delivery: DeliveryRow, message: RenderedMessage, unsubscribeUrl: string): Promise<void> {
    const host = new URL(this.options.publicUrl).hostname;
    const messageId = `<${delivery.id}@${host}>`;
    try {
      await this.mailer!.send({
        to: user.email!,
        ...message,
        messageId,
        language: mailLanguage(user.locale),
        headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
    } catch (error) {
      await this.repo.markFailed(delivery.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
    await this.repo.markSent(delivery.id, messageId);
  }
}
