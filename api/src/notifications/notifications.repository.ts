import type { Role } from '../auth/principal.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';

import type { NotificationPreferences as Preferences } from '../contract/notifications.ts';

export type { Preferences };

/** What a user without a row of their own gets. */
export const DEFAULT_PREFERENCES: Preferences = Object.freeze({ reply_emails: true, digest: 'daily' });

export interface RecipientRow extends Preferences {
  id: string;
  tenant_id: string;
  display_name: string;
  email: string | null;
  locale: string | null;
  role: Role;
}

export interface ReplyRow {
  id: string;
  author_name: string;
  t_start_ms: number;
  t_end_ms: number;
  body: string;
}

export interface DeliveryRow {
  id: string;
  tenant_id: string;
  user_id: string;
  kind: 'reply' | 'digest';
  dedupe_key: string;
  thread_id: string | null;
  comment_ids: string[];
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  message_id: string | null;
  last_error: string | null;
}

export interface ReplyThreadRow {
  id: string;
  tenant_id: string;
  owner_id: string;
  exercise_video_id: string;
  exercise_title: string;
}

const PREFERENCE_COLUMNS = `COALESCE(p.reply_emails, true) AS reply_emails, COALESCE(p.digest, 'daily') AS digest`;

export class NotificationsRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  async preferences(tenantId: string, userId: string, db: Queryable = this.db): Promise<Preferences> {
    const row = await db('notification_preferences').where({ tenant_id: tenantId, user_id: userId }).first('reply_emails', 'digest');
    return row ? { reply_emails: row.reply_emails, digest: row.digest } : { ...DEFAULT_PREFERENCES };
  }

  async savePreferences(tenantId: string, userId: string, patch: Partial<Preferences>, db: Queryable = this.db): Promise<Preferences> {
    const [row] = await db('notification_preferences')
      .insert({ ...DEFAULT_PREFERENCES, ...patch, tenant_id: tenantId, user_id: userId })
      .onConflict('user_id')
      .merge({ ...patch, updated_at: db.fn.now() })
      .returning(['reply_emails', 'digest']);
    return { reply_emails: row.reply_emails, digest: row.digest };
  }

  async recipient(tenantId: string, userId: string, db: Queryable = this.db): Promise<RecipientRow | undefined> {
    const r = await db.raw<{ rows: RecipientRow[] }>(
      `SELECT u.id, u.tenant_id, u.display_name, u.email, u.locale, u.role, ${PREFERENCE_COLUMNS}
         FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
        WHERE u.tenant_id = ? AND u.id = ?`,
      [tenantId, userId],
    );
    return r.rows[0];
  }

  /** Exercise authors with an address whose digest comes at this frequency. */
  async digestRecipients(frequency: 'daily' | 'weekly', db: Queryable = this.db): Promise<{ id: string; tenant_id: string }[]> {
    const r = await db.raw<{ rows: { id: string; tenant_id: string }[] }>(
      `SELECT u.id, u.tenant_id FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
        WHERE u.email IS NOT NULL AND COALESCE(p.digest, 'daily') = ?
          AND EXISTS (SELECT 1 FROM exercise_authors a WHERE a.user_id = u.id)
        ORDER BY u.tenant_id, u.id`,
      [frequency],
    );
    return r.rows;
  }

  /** Locks the thread's row: batches of one thread are claimed one at a time. */
  async lockReplyThread(commentId: string, db: Queryable): Promise<ReplyThreadRow | undefined> {
    const r = await db.raw<{ rows: ReplyThreadRow[] }>(
      `SELECT t.id, t.tenant_id, t.owner_id, t.exercise_video_id, e.title AS exercise_title
         FROM video_comments c
         JOIN personal_exercise_threads t ON t.id = c.thread_id
         JOIN exercise_videos e ON e.id = t.exercise_video_id
        WHERE c.id = ?
        FOR UPDATE OF t`,
      [commentId],
    );
    return r.rows[0];
  }

  /**
   * The replies a batch started by `anchorId` carries: others' visible comments written since the
   * anchor and after every earlier batch, that the owner's read mark does not cover.
   */
  async unreadRepliesSince(thread: ReplyThreadRow, anchorId: string, db: Queryable): Promise<ReplyRow[]> {
    const r = await db.raw<{ rows: ReplyRow[] }>(
      `SELECT c.id, u.display_name AS author_name, c.t_start_ms, c.t_end_ms, c.body
         FROM video_comments c
         JOIN users u ON u.id = c.author_id
         LEFT JOIN thread_reads r ON r.thread_id = c.thread_id AND r.user_id = :owner
        WHERE c.thread_id = :thread AND c.author_id <> :owner AND c.deleted_at IS NULL AND c.hidden_at IS NULL
          AND c.created_at >= (SELECT a.created_at FROM video_comments a WHERE a.id = :anchor)
          AND c.created_at > COALESCE((SELECT max(n.created_at) FROM email_deliveries d JOIN video_comments n ON n.id = ANY(d.comment_ids)
                                        WHERE d.thread_id = :thread AND d.user_id = :owner AND d.kind = 'reply'), '-infinity')
          AND c.seq > COALESCE(r.last_read_seq, 0)
        ORDER BY c.created_at, c.id`,
      { owner: thread.owner_id, thread: thread.id, anchor: anchorId },
    );
    return r.rows;
  }

  /** A retried batch's replies, still visible and still unread (it may have been read since). */
  async unreadReplies(thread: ReplyThreadRow, ids: string[], db: Queryable = this.db): Promise<ReplyRow[]> {
    const r = await db.raw<{ rows: ReplyRow[] }>(
      `SELECT c.id, u.display_name AS author_name, c.t_start_ms, c.t_end_ms, c.body
         FROM video_comments c
         JOIN users u ON u.id = c.author_id
         LEFT JOIN thread_reads r ON r.thread_id = c.thread_id AND r.user_id = :owner
        WHERE c.thread_id = :thread AND c.id = ANY(CAST(:ids AS uuid[])) AND c.deleted_at IS NULL AND c.hidden_at IS NULL
          AND c.seq > COALESCE(r.last_read_seq, 0)
        ORDER BY c.created_at, c.id`,
      { owner: thread.owner_id, thread: thread.id, ids },
    );
    return r.rows;
  }

  async delivery(dedupeKey: string, db: Queryable = this.db): Promise<DeliveryRow | undefined> {
    return db('email_deliveries').where({ dedupe_key: dedupeKey }).first();
  }

  /** The row for this message, made now unless it exists. */
  async claim(
    row: { tenant_id: string; user_id: string; kind: 'reply' | 'digest'; dedupe_key: string; thread_id?: string; comment_ids?: string[] },
    db: Queryable = this.db,
  ): Promise<DeliveryRow> {
    const [inserted] = await db('email_deliveries').insert(row).onConflict('dedupe_key').ignore().returning('*');
    return (inserted as DeliveryRow | undefined) ?? (await this.delivery(row.dedupe_key, db))!;
  }

  async markSent(id: string, messageId: string, db: Queryable = this.db): Promise<void> {
    await db('email_deliveries')
      .where({ id })
      .update({ status: 'sent', message_id: messageId, sent_at: db.fn.now(), attempts: db.raw('attempts + 1'), last_error: null });
  }

  async markFailed(id: string, error: string, db: Queryable = this.db): Promise<void> {
    await db('email_deliveries').where({ id }).update({ status: 'failed', attempts: db.raw('attempts + 1'), last_error: error.slice(0, 1000) });
  }

  /** Where the recipient opens the thread: the LMS placement they launched it from, when known. */
  async lmsLink(userId: string, exerciseId: string, db: Queryable = this.db): Promise<string | undefined> {
    const r = await db.raw<{ rows: { lms_url: string }[] }>(
      `SELECT l.lms_url FROM lti_resource_links l JOIN lti_context_members m ON m.context_id = l.context_id
        WHERE m.user_id = ? AND l.exercise_video_id = ? AND l.lms_url IS NOT NULL
        ORDER BY m.last_launch_at DESC, l.updated_at DESC LIMIT 1`,
      [userId, exerciseId],
    );
    return r.rows[0]?.lms_url;
  }

  async exerciseTitles(ids: string[], db: Queryable = this.db): Promise<Map<string, string>> {
    const rows: { id: string; title: string }[] = ids.length ? await db('exercise_videos').whereIn('id', ids).select('id', 'title') : [];
    return new Map(rows.map((r) => [r.id, r.title]));
  }

  async threadLinkTemplate(tenantId: string, db: Queryable = this.db): Promise<string | undefined> {
    const row = await db('tenants').where({ id: tenantId }).first('thread_link_template');
    return row?.thread_link_template ?? undefined;
  }
}
