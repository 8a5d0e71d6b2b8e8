import { LRUCache } from 'lru-cache';
import type { Principal } from '../auth/principal.ts';
import { DEFAULT_MAX_SCORE, type GradeView } from '../contract/grades.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors/domain-errors.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { ThreadsService } from '../threads/threads.service.ts';
import type { GradeRow, GradesRepository } from './grades.repository.ts';

export interface PassbackQueue {
  enqueue(threadId: string): Promise<void>;
  /** Queues the thread's submission (activityProgress: Submitted, no score). */
  enqueueSubmitted(threadId: string): Promise<void>;
}

/** No grade yet: nothing to pass back. */
export function toGradeView(row: GradeRow | undefined, maxScore: number): GradeView {
  if (!row) return { score: null, comment: null, max_score: maxScore, graded_at: null, passback: { state: 'not_applicable', error: null } };
  return {
    score: row.score,
    comment: row.comment,
    max_score: row.max_score,
    graded_at: row.graded_at.toISOString(),
    passback: { state: row.passback_state, error: row.passback_error },
  };
}

/**
 * One grade per thread, given by an author of its exercise. Where the thread's owner launched
 * from a course whose link has a gradebook column (AGS), the grade is posted there from the job
 * queue; elsewhere it stays local (`not_applicable`), which is what partners use through REST.
 */
export class GradesService {
  /** (thread, owner) pairs this process has seen submitted, or refused as not the owner's. */
  private readonly submittedSeen = new LRUCache<string, true>({ max: 100_000 });

  constructor(
    private readonly threads: ThreadsService,
    private readonly repo: GradesRepository,
    private readonly passback: PassbackQueue,
    private readonly live: LivePublisher,
  ) {}

  async get(p: Principal, threadId: string): Promise<GradeView> {
    await this.threads.visibleFacts(p, threadId, 'grade.read');
    return this.view(threadId, await this.repo.find(threadId));
  }

  async set(p: Principal, threadId: string, input: { score: number; comment?: string | null | undefined }): Promise<GradeView> {
    const facts = await this.mayGrade(p, threadId, 'grade.set');
    const max = (await this.repo.maxScore(threadId)) ?? DEFAULT_MAX_SCORE;
    if (input.score > max) throw new ValidationError([{ field: 'score', message: `A score is at most ${max}, the maximum of this exercise's grade.` }]);
    const targets = await this.repo.targets(threadId);
    const row = await this.repo.upsert({
      thread_id: threadId,
      tenant_id: facts.tenant_id,
      score: input.score,
      max_score: max,
      comment: input.comment?.trim() || null,
      grader_id: p.kind === 'user' ? p.userId : null,
      passback_state: targets.length ? 'pending' : 'not_applicable',
    });
    return this.after(threadId, row);
  }

  /** Posts the grade again (after a failure, or when the instructor doubts the gradebook). */
  async resend(p: Principal, threadId: string): Promise<GradeView> {
    await this.mayGrade(p, threadId, 'grade.resend');
    const current = await this.repo.find(threadId);
    if (!current) throw new NotFoundError('grade');
    if (!(await this.repo.targets(threadId)).length) return this.view(threadId, current);
    return this.after(threadId, await this.repo.setPassback(threadId, 'pending', null));
  }

  /**
   * The learner submitted work in their thread: the first time (per thread) tells each gradebook
   * the thread belongs to (AGS `activityProgress: Submitted`, `gradingProgress: PendingManual`, no
   * score), from the job queue. Idempotent: later calls, and calls for a user who does not own
   * the thread, do nothing. Called on the owner's first comment; the attempts domain calls it on a
   * first attempt. Not a caller's action (no principal): the caller has already done the work.
   */
  async submitted(threadId: string, ownerId: string): Promise<void> {
    // Every learner comment asks; after the first, this process knows the answer without a query.
    const key = `${threadId}:${ownerId}`;
    if (this.submittedSeen.has(key)) return;
    const inserted = await this.repo.insertSubmission(threadId, ownerId);
    this.submittedSeen.set(key, true);
    if (!inserted) return;
    if ((await this.repo.targets(threadId)).length) await this.passback.enqueueSubmitted(threadId);
    else await this.repo.setSubmissionPassback(threadId, 'not_applicable', null);
  }

  private async after(threadId: string, row: GradeRow | undefined): Promise<GradeView> {
    const view = await this.view(threadId, row);
    this.live.grade({ ...view, thread_id: threadId });
    if (view.passback.state === 'pending') await this.passback.enqueue(threadId);
    return view;
  }

  private async view(threadId: string, row: GradeRow | undefined): Promise<GradeView> {
    if (row) return toGradeView(row, row.max_score);
    return toGradeView(undefined, (await this.repo.maxScore(threadId)) ?? DEFAULT_MAX_SCORE);
  }

  /** Authors of the exercise grade; its owner sees the grade but may not give one (403, as the thread is theirs to see). */
  private async mayGrade(p: Principal, threadId: string, action: string) {
    const facts = await this.threads.visibleFacts(p, threadId, action);
    if (!facts.caller_is_author) throw new ForbiddenError('Only an author of the exercise grades its threads.');
    return facts;
  }
}
