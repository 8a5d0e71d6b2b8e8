import type { z } from 'zod';
import { mayCreateThread, maySeeThread, threadScope, type ThreadFacts } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Principal, UserPrincipal } from '../auth/principal.ts';
import type { ThreadListQuery, ThreadView } from '../contract/threads.ts';
import type { ExercisesRepository } from '../exercises/exercises.repository.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import { ForbiddenError, NotFoundError } from '../errors/domain-errors.ts';
import type { Metrics } from '../core/metrics.ts';
import type { ThreadFactsRow, ThreadRow, ThreadsRepository } from './threads.repository.ts';

export function toThreadView(row: ThreadRow): ThreadView {
  return {
    id: row.id,
    exercise_video_id: row.exercise_video_id,
    owner: { id: row.owner_id, name: row.owner_name },
    comment_count: row.comment_count,
    last_seq: row.last_seq,
    last_activity_at: row.last_activity_at.toISOString(),
    unread_count: row.unread_count,
    awaiting_reply: row.awaiting_reply,
    read_only: row.read_only,
    created_at: row.created_at.toISOString(),
  };
}

export function threadFacts(row: ThreadFactsRow): ThreadFacts {
  return { tenantId: row.tenant_id, ownerId: row.owner_id, callerIsExerciseAuthor: row.caller_is_author, exerciseArchived: row.archived };
}

export class ThreadsService {
  constructor(
    private readonly threads: ThreadsRepository,
    private readonly exercises: ExercisesRepository,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
  ) {}

  /**
   * The thread's facts when the caller may see it. Anything else is "not found", so the
   * existence of another student's thread never leaks; the refusal is audited.
   */
  async visibleFacts(p: Principal, threadId: string, action: string): Promise<ThreadFactsRow> {
    const facts = await this.threads.facts(p.tenantId, threadId, p.kind === 'user' ? p.userId : null);
    if (!facts || !maySeeThread(p, threadFacts(facts))) {
      if (facts) this.audit.record(p, action, 'denied', `thread:${threadId}`);
      throw new NotFoundError('thread');
    }
    return facts;
  }

  async create(p: Principal, exerciseId: string): Promise<{ thread: ThreadView; created: boolean }> {
    if (!mayCreateThread(p)) {
      this.audit.record(p, 'thread.create', 'denied', `exercise:${exerciseId}`);
      throw new ForbiddenError('Only learners have personal threads.');
    }
    const user = p as UserPrincipal;
    const exercise = await this.exercises.findById(user.tenantId, exerciseId);
    if (!exercise || exercise.archived_at) throw new NotFoundError('exercise');
    const { id, created } = await this.threads.upsert({ tenant_id: user.tenantId, exercise_video_id: exerciseId, owner_id: user.userId });
    if (created) this.metrics.threadsCreated.inc();
    return { thread: await this.get(p, id), created };
  }

  async get(p: Principal, threadId: string): Promise<ThreadView> {
    const row = await this.threads.findOne(threadScope(p), threadId);
    if (!row) {
      this.audit.record(p, 'thread.read', 'denied', `thread:${threadId}`);
      throw new NotFoundError('thread');
    }
    return toThreadView(row);
  }

  /** The latest seq of a thread the caller may see (the live channel's subscribe acknowledgement). */
  async latestSeq(p: Principal, threadId: string): Promise<number> {
    return (await this.visibleFacts(p, threadId, 'thread.subscribe')).last_seq;
  }

  async list(p: Principal, q: z.output<typeof ThreadListQuery>): Promise<{ data: ThreadView[]; next_cursor: string | null }> {
    if (p.kind !== 'user' || p.role === 'moderator') {
      this.audit.record(p, 'thread.list', 'denied', null);
      throw new ForbiddenError('Moderators and API keys do not list threads.');
    }
    const after = q.cursor ? decodeCursor<[string, string]>(q.cursor, ['string', 'string']) : undefined;
    const rows = await this.threads.list(threadScope(p), {
      exerciseId: q.exercise_video_id,
      awaitingReply: q.awaiting_reply,
      ascending: q.sort === 'last_activity',
      after: after && { at: after[0], id: after[1] },
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { data: page.map(toThreadView), next_cursor: rows.length > q.limit && last ? encodeCursor([last.cursor_at, last.id]) : null };
  }

  async markRead(p: Principal, threadId: string, seq: number): Promise<ThreadView> {
    const facts = await this.visibleFacts(p, threadId, 'thread.read');
    await this.threads.markRead(threadId, (p as UserPrincipal).userId, Math.min(seq, facts.last_seq));
    return this.get(p, threadId);
  }
}
