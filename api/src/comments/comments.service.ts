import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { mayEditComment, mayReportComment, maySeeThread, threadAcceptsWrites, threadScope } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Principal, UserPrincipal } from '../auth/principal.ts';
import { MAX_UNKNOWN_DURATION_S } from '../contract/common.ts';
import type { CommentListQuery, CommentView, CreateCommentBody, PatchCommentBody } from '../contract/comments.ts';
import type { CommentEventName } from '../contract/live-events.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import { DomainError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../errors/domain-errors.ts';
import type { Metrics } from '../core/metrics.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { MarkersService } from '../feedback/feedback.service.ts';
import type { ThreadsService } from '../threads/threads.service.ts';
import { secondsToMs, toCommentView, type CommentRow } from './comment-view.ts';
import type { CommentsRepository, CommentWithThread, Target } from './comments.repository.ts';

/** What a comment needs to know of its target attempt (the attempts domain answers). */
export interface AttemptTargets {
  /** The attempt when it is in the thread: its duration once probed, and its media status. */
  target(threadId: string, attemptId: string): Promise<{ duration_ms: number | null; status: string } | undefined>;
}

/** The attempt has no known duration yet (still uploading), or it failed: comments on it wait. */
export class AttemptNotReadyError extends DomainError {
  constructor(status: string) {
    super(
      409,
      'attempt-not-ready',
      'Attempt not ready',
      status === 'failed'
        ? 'This attempt failed (see its error): it takes no comments.'
        : `This attempt's duration is not known yet (status: ${status}): comment once its upload is complete.`,
    );
  }
}

export type CreateCommentInput = z.output<typeof CreateCommentBody>;

/** A retry must repeat the request exactly; the fingerprint tells a retry from a new comment. */
function fingerprint(input: CreateCommentInput): string {
  const canonical: unknown[] = [input.thread_id, input.t_start ?? null, input.t_end ?? null, input.body, input.parent_id ?? null];
  // Appended only when present, so keys sent before drawings existed keep their fingerprint.
  if (input.drawing) canonical.push(input.drawing);
  // Appended only when sent, so keys used before markers existed keep their fingerprint.
  if (input.marker_ids !== undefined) canonical.push([...new Set(input.marker_ids)].sort());
  // Appended only when it names an attempt, so keys sent before attempts existed keep their fingerprint.
  if (input.attempt_id) canonical.push({ attempt_id: input.attempt_id });
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}

export class CommentsService {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly threads: ThreadsService,
    private readonly live: LivePublisher,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
    private readonly markers: MarkersService,
    private readonly attempts: AttemptTargets,
  ) {}

  // Counted where every 422 is seen (app.ts), with the schema's own time failures.
  private timeError(errors: FieldError[]): never {
    throw new ValidationError(errors);
  }

  private checkTimes(startMs: number, endMs: number, durationMs: number | null, onAttempt = false): void {
    const limit = durationMs ?? MAX_UNKNOWN_DURATION_S * 1000;
    if (endMs < startMs) this.timeError([{ field: 't_end', message: 'Must not be before t_start.' }]);
    if (endMs > limit) {
      const field = startMs > limit ? 't_start' : 't_end';
      const what = durationMs === null ? 'the longest allowed time' : onAttempt ? 'the attempt’s duration' : 'the video’s duration';
      this.timeError([{ field, message: `Must be at most ${limit / 1000} seconds (${what}).` }]);
    }
  }

  private publish(event: CommentEventName, row: CommentRow, tenantId: string): void {
    this.live.comment(event, toCommentView(row), tenantId);
  }

  private asWriter(p: Principal): UserPrincipal {
    if (p.kind !== 'user' || p.role === 'moderator') {
      this.audit.record(p, 'comment.create', 'denied', null);
      throw new ForbiddenError('Moderators act on reports; they do not post comments.');
    }
    return p;
  }

  async create(p: Principal, input: CreateCommentInput, idempotencyKey?: string): Promise<CommentView> {
    const user = this.asWriter(p);
    const print = idempotencyKey ? fingerprint(input) : null;
    let startMs = input.t_start === undefined ? undefined : secondsToMs(input.t_start);
    let endMs = input.t_end === undefined ? undefined : secondsToMs(input.t_end);
    let attemptId = input.attempt_id ?? null;
    if (input.parent_id || attemptId) await this.threads.visibleFacts(p, input.thread_id, 'comment.create');
    if (input.parent_id) {
      const parent = await this.comments.findParent(input.thread_id, input.parent_id);
      if (!parent) throw new ValidationError([{ field: 'parent_id', message: 'No such comment in this thread.' }]);
      if (parent.parent_id) throw new ValidationError([{ field: 'parent_id', message: 'Replies are one level deep: answer the top comment.' }]);
      // A reply answers at the same moment, on the same target, unless told otherwise.
      if (startMs === undefined) [startMs, endMs] = [parent.t_start_ms, endMs ?? parent.t_end_ms];
      if (input.attempt_id !== undefined && attemptId !== parent.attempt_id) {
        throw new ValidationError([{ field: 'attempt_id', message: 'A reply is on its parent’s target: leave attempt_id out.' }]);
      }
      attemptId = parent.attempt_id;
    }
    const start = startMs!;
    const end = endMs ?? start;
    this.checkTimes(start, end, null);
    if (attemptId) {
      const target = await this.attempts.target(input.thread_id, attemptId);
      if (!target) throw new ValidationError([{ field: 'attempt_id', message: 'No such attempt in this thread.' }]);
      if (target.duration_ms === null || target.status === 'failed') throw new AttemptNotReadyError(target.status);
      this.checkTimes(start, end, target.duration_ms, true);
    }
    // Only markers the writer may use (their own, their exercises'): checked before anything is written.
    const markerIds = input.marker_ids === undefined ? [] : await this.markers.checkUsable(p, input.marker_ids);

    // The insert runs inside the policy's thread scope; when it writes nothing, the policy's
    // facts say why.
    const result = await this.comments.insertInScope(threadScope(user), {
      thread_id: input.thread_id,
      author_id: user.userId,
      t_start_ms: start,
      t_end_ms: end,
      body: input.body,
      drawing: input.drawing ?? null,
      parent_id: input.parent_id ?? null,
      attempt_id: attemptId,
      idempotency_key: idempotencyKey ?? null,
      idempotency_fingerprint: print,
      marker_ids: markerIds,
    }).catch((error: unknown) => {
      // The attempt was deleted, or failed, between the check above and the insert: the database said so.
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (attemptId && code === '23503') throw new ValidationError([{ field: 'attempt_id', message: 'No such attempt in this thread.' }]);
      if (attemptId && constraint === 'video_comments_attempt_ready') throw new AttemptNotReadyError('failed');
      throw error;
    });
    if (result.inserted) {
      this.metrics.commentsCreated.inc();
      this.publish('comment:created', result.inserted, user.tenantId);
      return toCommentView(result.inserted, p);
    }
    if (!result.prior && !result.keyRaced) {
      if (!result.thread) {
        this.audit.record(p, 'comment.create', 'denied', `thread:${input.thread_id}`);
        throw new NotFoundError('thread');
      }
      // The scoped insert already established that the caller may see the thread.
      if (!threadAcceptsWrites({ exerciseArchived: result.thread.archived })) {
        throw new ForbiddenError('This exercise is archived: its threads are read-only.');
      }
      if (!attemptId) this.checkTimes(start, end, result.thread.duration_ms);
    }
    // The caller used this key before (or a concurrent retry with it committed first).
    const earlier = await this.comments.findByIdempotencyKey(user.userId, idempotencyKey!);
    if (!earlier) throw new Error('A scoped insert wrote nothing for no known reason.');
    return this.replay(earlier, print!, user);
  }

  private replay(earlier: CommentRow & { idempotency_fingerprint: string }, print: string, viewer: Principal): CommentView {
    if (earlier.idempotency_fingerprint !== print) {
      throw new ValidationError([{ field: 'Idempotency-Key', message: 'This key was used for a different comment.' }]);
    }
    return toCommentView(earlier, viewer);
  }

  /** The comment when the caller may see its thread; otherwise "not found", audited. */
  private async visibleComment(p: Principal, commentId: string, action: string): Promise<{ user: UserPrincipal; row: CommentWithThread }> {
    if (p.kind !== 'user') throw new ForbiddenError();
    const row = await this.comments.findWithThread(p.tenantId, commentId, p.userId);
    if (!row || !maySeeThread(p, { tenantId: row.tenant_id, ownerId: row.owner_id, callerIsExerciseAuthor: row.caller_is_author, exerciseArchived: row.archived })) {
      if (row) this.audit.record(p, action, 'denied', `comment:${commentId}`);
      throw new NotFoundError('comment');
    }
    return { user: p, row };
  }

  private async editable(p: Principal, commentId: string, action: string): Promise<{ user: UserPrincipal; row: CommentWithThread }> {
    const { user, row } = await this.visibleComment(p, commentId, action);
    if (!mayEditComment(user, { authorId: row.author_id, deleted: row.deleted, hidden: row.hidden })) {
      this.audit.record(p, action, 'denied', `comment:${commentId}`);
      throw new ForbiddenError(row.deleted ? 'This comment was deleted.' : 'Only its author may change a comment.');
    }
    if (!threadAcceptsWrites({ exerciseArchived: row.archived })) throw new ForbiddenError('This exercise is archived: its threads are read-only.');
    return { user, row };
  }

  async update(p: Principal, commentId: string, patch: z.output<typeof PatchCommentBody>): Promise<CommentView> {
    const { user, row } = await this.editable(p, commentId, 'comment.update');
    const markerIds = patch.marker_ids === undefined ? undefined : await this.markers.checkUsable(p, patch.marker_ids);
    const wasPoint = row.t_start_ms === row.t_end_ms;
    const start = patch.t_start === undefined ? row.t_start_ms : secondsToMs(patch.t_start);
    // Moving a point comment moves its end with it.
    const end = patch.t_end !== undefined ? secondsToMs(patch.t_end) : wasPoint ? start : row.t_end_ms;
    if ((patch.t_start !== undefined || patch.t_end !== undefined) && row.attempt_id && row.duration_ms === null) throw new AttemptNotReadyError('unknown');
    this.checkTimes(start, end, row.duration_ms, row.attempt_id !== null);
    const updated = await this.comments.update(commentId, {
      touched: true,
      ...(markerIds && { markers: { tenantId: user.tenantId, ids: markerIds } }),
      ...(patch.body !== undefined && { body: patch.body }),
      ...(patch.drawing !== undefined && { drawing: patch.drawing }),
      ...((patch.t_start !== undefined || patch.t_end !== undefined) && { t_start_ms: start, t_end_ms: end }),
    });
    this.publish('comment:updated', updated, p.tenantId);
    return toCommentView(updated, p);
  }

  async remove(p: Principal, commentId: string): Promise<void> {
    await this.editable(p, commentId, 'comment.delete');
    const deleted = await this.comments.update(commentId, { deleted: true });
    this.publish('comment:deleted', deleted, p.tenantId);
  }

  async list(p: Principal, threadId: string, q: z.output<typeof CommentListQuery>): Promise<{ data: CommentView[]; next_cursor: string | null }> {
    const scope = threadScope(p);
    const target: Target = q.attempt_id ? { filter: 'attempt', attemptId: q.attempt_id } : { filter: q.target === 'model' ? 'model' : 'all' };
    let rows: CommentRow[];
    let next: (page: CommentRow[]) => string;
    if (q.since_seq !== undefined) {
      // Catch-up: changes in seq order; ask again from the last seq while next_cursor is not null.
      rows = await this.comments.sinceInScope(scope, threadId, q.since_seq, q.limit + 1, target);
      next = (page) => encodeCursor([page.at(-1)!.seq]);
    } else {
      const after = q.cursor ? decodeCursor<[number, string]>(q.cursor, ['int', 'uuid']) : undefined;
      rows = await this.comments.pageInScope(scope, threadId, after && { tStartMs: after[0], id: after[1] }, q.limit + 1, target);
      next = (page) => encodeCursor([page.at(-1)!.t_start_ms, page.at(-1)!.id]);
    }
    // An empty page is an empty thread or one the caller may not see: only then ask which.
    if (rows.length === 0) await this.threads.visibleFacts(p, threadId, 'comment.list');
    const page = rows.slice(0, q.limit);
    return { data: page.map((r) => toCommentView(r, p)), next_cursor: rows.length > q.limit ? next(page) : null };
  }

  async report(p: Principal, commentId: string, reason: string): Promise<{ id: string; status: string; created: boolean }> {
    const { user, row } = await this.visibleComment(p, commentId, 'comment.report');
    if (!mayReportComment(user, { authorId: row.author_id, deleted: row.deleted, hidden: row.hidden })) {
      throw new ValidationError([{ field: 'comment', message: row.deleted ? 'This comment was deleted.' : 'You cannot report your own comment.' }]);
    }
    return this.comments.insertReport({ tenant_id: user.tenantId, comment_id: commentId, reporter_id: user.userId, reason });
  }
}
