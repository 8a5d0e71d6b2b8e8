import type { z } from 'zod';
import { authorScope } from '../access/policy.ts';
import { mayReadBody } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import type { InboxCourseView, InboxItemView, InboxQuery } from '../contract/inbox.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import { isUuid } from '../db/types.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors/domain-errors.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { ThreadsRepository } from '../threads/threads.repository.ts';
import type { InboxAfter, InboxRepository, InboxRow } from './inbox.repository.ts';

export function toInboxItem(p: Principal, row: InboxRow): InboxItemView {
  const last = row.last_comment_id
    ? {
        comment_id: row.last_comment_id,
        author: { id: row.last_comment_author_id!, name: row.last_comment_author_name ?? '' },
        excerpt: mayReadBody(p, { authorId: row.last_comment_author_id!, deleted: false, hidden: row.last_comment_hidden }) ? row.last_comment_excerpt : null,
        at: row.last_comment_at!.toISOString(),
      }
    : null;
  return {
    id: row.id,
    exercise: { id: row.exercise_video_id, title: row.exercise_title },
    owner: { id: row.owner_id, name: row.owner_name },
    awaiting_reply: row.awaiting_since !== null,
    awaiting_since: row.awaiting_since?.toISOString() ?? null,
    oldest_unanswered: row.unanswered_comment_id ? { comment_id: row.unanswered_comment_id, t_start: (row.unanswered_t_start_ms ?? 0) / 1000 } : null,
    unread_count: row.unread_count,
    last_message: last,
    last_activity_at: row.last_activity_at.toISOString(),
    done_at: row.done_at?.toISOString() ?? null,
    last_seq: row.last_seq,
  };
}

/** The cursor names the last row's place in the inbox's order: waiting (and since when) or not (and its activity). */
function cursorOf(row: InboxRow): string {
  return row.awaiting_cursor ? encodeCursor(['w', row.awaiting_cursor, row.id]) : encodeCursor(['r', row.activity_cursor, row.id]);
}

/** PostgreSQL's text form of a timestamptz, as the repository hands it out. */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

function afterOf(cursor: string): InboxAfter {
  const [group, at, id] = decodeCursor<[string, string, string]>(cursor, ['string', 'string', 'string']);
  // A cursor is opaque but not trusted: a forged one is refused here, not by the database.
  if ((group !== 'w' && group !== 'r') || !PG_TIMESTAMP.test(at) || !isUuid(id)) {
    throw new ValidationError([{ field: 'cursor', message: 'Not a cursor from this API.' }]);
  }
  return { awaiting: group === 'w', at, id };
}

export class InboxService {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly threads: ThreadsRepository,
    private readonly audit: AuditService,
    private readonly live: LivePublisher,
  ) {}

  private scopeOf(p: Principal, action: string) {
    const scope = authorScope(p);
    if (scope.kind === 'none') {
      this.audit.record(p, action, 'denied', null);
      throw new ForbiddenError('Only instructors have an inbox.');
    }
    return scope;
  }

  /** The options of the inbox's "Course" filter. */
  async courses(p: Principal): Promise<InboxCourseView[]> {
    return this.inbox.courses(this.scopeOf(p, 'inbox.courses'));
  }

  async list(p: Principal, q: z.output<typeof InboxQuery>): Promise<{ data: InboxItemView[]; next_cursor: string | null }> {
    const scope = this.scopeOf(p, 'inbox.list');
    const rows = await this.inbox.page(scope, {
      exerciseId: q.exercise_id,
      contextId: q.context_id,
      studentName: q.q || undefined,
      awaiting: q.awaiting,
      after: q.cursor ? afterOf(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { data: page.map((row) => toInboxItem(p, row)), next_cursor: rows.length > q.limit && last ? cursorOf(last) : null };
  }

  /** One thread as the caller's inbox shows it (after a change, for the live channel). */
  async item(p: Principal, threadId: string): Promise<InboxItemView | undefined> {
    const row = await this.inbox.findOne(authorScope(p), threadId);
    return row && toInboxItem(p, row);
  }

  /**
   * The thread as each inbox holding it shows it, for the live channel: each item is read through
   * the same author scope as GET /inbox, so an instructor hears only of exercises they author.
   * `wanted` leaves out owners nobody could deliver to (not connected).
   */
  async itemsForOwners(threadId: string, wanted: (userId: string) => boolean = () => true): Promise<{ userId: string; item: InboxItemView }[]> {
    const owners = (await this.inbox.inboxOwners(threadId)).filter((o) => wanted(o.user_id));
    const items = await Promise.all(
      owners.map(async (o) => {
        const p: Principal = { kind: 'user', tenantId: o.tenant_id, userId: o.user_id, role: 'instructor' };
        const item = await this.item(p, threadId);
        return item && { userId: o.user_id, item };
      }),
    );
    return items.filter((x) => x !== undefined);
  }

  /** "No reply needed": the thread stops waiting (for every author) and is read (for the caller). */
  async done(p: Principal, threadId: string): Promise<InboxItemView> {
    const scope = this.scopeOf(p, 'thread.done');
    if (!(await this.inbox.markDone(scope, threadId))) {
      this.audit.record(p, 'thread.done', 'denied', `thread:${threadId}`);
      throw new NotFoundError('thread');
    }
    const row = (await this.inbox.findOne(scope, threadId))!;
    await this.threads.markRead(threadId, scope.userId, row.last_seq);
    this.live.thread(threadId);
    return toInboxItem(p, { ...row, unread_count: 0 });
  }
}
