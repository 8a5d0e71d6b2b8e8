import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { mayAddAttempt, mayDeleteAttempt, maySeeThread, maySyncAttempt, threadAcceptsWrites, threadScope, type ThreadFacts } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { ATTEMPT_MAX_BYTES_PER_SECOND, type AttemptCreated, type AttemptListQuery, type AttemptPlaybackView, type AttemptView } from '../contract/attempts.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import type { Database } from '../db/database.ts';
import type { Transaction } from '../db/types.ts';
import { DomainError, ForbiddenError, NotFoundError, PayloadTooLargeError, ValidationError } from '../errors/domain-errors.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { ProbeResult } from '../media/ffmpeg.ts';
import type { MediaAssetRow } from '../media/media.repository.ts';
import type { AssetFollower, AssetRefusal, MediaService } from '../media/media.service.ts';
import type { PlaybackService } from '../media/playback.service.ts';
import type { ThreadsService } from '../threads/threads.service.ts';
import { ATTEMPTS_EXERCISE_ARCHIVED, ATTEMPTS_MAX_ATTEMPTS, type AttemptRow, type AttemptsRepository, type AttemptWithThread } from './attempts.repository.ts';
import { logError } from '../core/loggable.ts';

export class AttemptLimitError extends DomainError {
  constructor(max: number) {
    super(409, 'attempt-limit-reached', 'Attempt limit reached', `This exercise takes at most ${max} attempt${max === 1 ? '' : 's'} per learner (failed ones do not count): delete one that has no feedback yet to add another.`);
  }
}

export class AttemptHasFeedbackError extends DomainError {
  constructor() {
    super(409, 'attempt-has-feedback', 'Attempt has feedback', 'An author has commented on this attempt: it is kept with their feedback (only the erasure of your data removes it).');
  }
}

/**
 * An attempt whose upload completed and was accepted (probed, within the limits): `first` when it
 * is the first such attempt of its thread. The place where "a learner submitted their work" happens.
 */
export interface AttemptSubmitted {
  tenantId: string;
  threadId: string;
  exerciseId: string;
  learnerId: string;
  attempt: AttemptView;
  first: boolean;
}

export function toAttemptView(row: AttemptRow): AttemptView {
  return {
    id: row.id,
    thread_id: row.thread_id,
    number: row.number,
    media_asset_id: row.media_asset_id,
    status: row.status,
    error: row.error,
    duration: row.duration_ms === null ? null : row.duration_ms / 1000,
    frame_rate: row.frame_rate ?? null,
    sync_offset: row.sync_offset_ms / 1000,
    playable: row.status === 'ready' || ((row.status === 'uploaded' || row.status === 'processing') && row.playable_as !== null),
    feedback_at: row.feedback_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** What `POST /threads/:id/attempts` asks for: the file to upload. */
export interface NewAttempt {
  file_name: string;
  size: number;
  content_type: string;
}

/** A retry must repeat the request exactly; the fingerprint tells a retry from a new attempt. */
function fingerprint(threadId: string, body: NewAttempt): string {
  return createHash('sha256').update(JSON.stringify([threadId, body.file_name, body.size, body.content_type])).digest('base64url');
}

const facts = (row: AttemptWithThread): ThreadFacts => ({ tenantId: row.tenant_id, ownerId: row.owner_id, callerIsExerciseAuthor: row.caller_is_author, exerciseArchived: row.archived });

/**
 * A learner's attempts in their thread: added by the thread's owner, seen by the thread's audience
 * (the access policy, the repositories' thread scope, the database's keys and trigger), uploaded
 * and played through the media domain, whose changes it follows (AssetFollower).
 */
export class AttemptsService implements AssetFollower {
  private readonly submittedListeners: ((e: AttemptSubmitted) => Promise<void>)[] = [];

  constructor(
    private readonly db: Database,
    private readonly attempts: AttemptsRepository,
    private readonly threads: ThreadsService,
    private readonly media: MediaService,
    private readonly playbacks: PlaybackService,
    private readonly live: LivePublisher,
    private readonly audit: AuditService,
    private readonly onError: (error: unknown) => void = logError('Attempts'),
  ) {
    media.follow(this);
  }

  /**
   * The hook for "a learner submitted an attempt" (the LTI lane posts activityProgress Submitted
   * when `first`): runs after the upload of an attempt completes and is accepted, off the request's path.
   */
  onSubmitted(listener: (e: AttemptSubmitted) => Promise<void>): void {
    this.submittedListeners.push(listener);
  }

  /** The attempt when the caller may see its thread; otherwise "not found", audited. */
  private async visible(p: UserPrincipal, id: string, action: string): Promise<AttemptWithThread> {
    const row = await this.attempts.findWithThread(p.tenantId, id, p.userId);
    if (!row || !maySeeThread(p, facts(row))) {
      if (row) this.audit.record(p, action, 'denied', `attempt:${id}`);
      throw new NotFoundError('attempt');
    }
    return row;
  }

  /**
   * With an Idempotency-Key (as `POST /comments` takes): the caller's attempt made earlier with the
   * same key and request is answered again, with its upload as it is now (the parts storage holds,
   * so a reloaded browser resumes it), before any limit is applied: a retry is not another attempt.
   */
  async create(p: UserPrincipal, threadId: string, body: NewAttempt, idempotencyKey?: string): Promise<AttemptCreated> {
    const thread = await this.threads.visibleFacts(p, threadId, 'attempt.create');
    const print = idempotencyKey ? fingerprint(threadId, body) : null;
    const replay = () => (idempotencyKey ? this.replay(p, idempotencyKey, print!) : Promise.resolve(undefined));
    const earlier = await replay();
    if (earlier) return earlier;
    const t: ThreadFacts = { tenantId: thread.tenant_id, ownerId: thread.owner_id, callerIsExerciseAuthor: thread.caller_is_author, exerciseArchived: thread.archived };
    if (!mayAddAttempt(p, t)) {
      this.audit.record(p, 'attempt.create', 'denied', `thread:${threadId}`);
      throw new ForbiddenError(threadAcceptsWrites(t) ? 'Only the thread’s owner adds attempts to it.' : 'This exercise is archived: its threads are read-only.');
    }
    const limits = await this.attempts.limits(threadId);
    if (limits.max_attempts !== null && limits.counted >= limits.max_attempts) {
      // A retry with the same key may have taken the last place since the look-up above.
      const raced = await replay();
      if (raced) return raced;
      throw new AttemptLimitError(limits.max_attempts);
    }
    if (limits.max_attempt_seconds !== null && body.size > limits.max_attempt_seconds * ATTEMPT_MAX_BYTES_PER_SECOND) {
      throw new PayloadTooLargeError(
        `The file is ${body.size} bytes; an attempt of at most ${limits.max_attempt_seconds} s takes at most ${limits.max_attempt_seconds * ATTEMPT_MAX_BYTES_PER_SECOND} bytes.`,
      );
    }
    const asset = await this.media.createUpload(p.tenantId, p.userId, body);
    let row: AttemptRow;
    try {
      row = await this.db.transaction((trx) =>
        this.attempts.insert({ tenant_id: p.tenantId, thread_id: threadId, media_asset_id: asset.id, idempotency_key: idempotencyKey ?? null, idempotency_fingerprint: print }, trx),
      );
    } catch (error) {
      await this.media.discard(asset);
      // A retry with the same key committed first (its insert took the key, or the last place under max_attempts): answer with its attempt.
      const raced = await replay();
      if (raced) return raced;
      const constraint = (error as { constraint?: string }).constraint;
      if (constraint === ATTEMPTS_MAX_ATTEMPTS) throw new AttemptLimitError(limits.max_attempts ?? 0);
      if (constraint === ATTEMPTS_EXERCISE_ARCHIVED) throw new ForbiddenError('This exercise is archived: its threads are read-only.');
      throw error;
    }
    const attempt = toAttemptView(row);
    this.live.attempt('attempt:created', attempt, p.tenantId);
    return { attempt, upload: await this.media.startedView(asset) };
  }

  /**
   * The first answer again when the caller made an attempt with this key (no new attempt, no event),
   * a refusal when that was for another request; undefined when the key is new.
   */
  private async replay(p: UserPrincipal, key: string, print: string): Promise<AttemptCreated | undefined> {
    const earlier = await this.attempts.findByIdempotencyKey(p.tenantId, p.userId, key);
    if (!earlier) return undefined;
    if (earlier.idempotency_fingerprint !== print) {
      throw new ValidationError([{ field: 'Idempotency-Key', message: 'This key was used for a different attempt.' }]);
    }
    const asset = await this.media.assetOf(earlier.tenant_id, earlier.media_asset_id);
    if (!asset) throw new NotFoundError('attempt');
    return { attempt: toAttemptView(earlier), upload: await this.media.currentView(asset) };
  }

  async list(p: UserPrincipal, threadId: string, q: z.output<typeof AttemptListQuery>): Promise<{ data: AttemptView[]; next_cursor: string | null }> {
    const after = q.cursor ? decodeCursor<[number]>(q.cursor, ['int'])[0] : 0;
    const rows = await this.attempts.pageInScope(threadScope(p), threadId, after, q.limit + 1);
    // An empty page is a thread without attempts or one the caller may not see: only then ask which.
    if (rows.length === 0) await this.threads.visibleFacts(p, threadId, 'attempt.list');
    const page = rows.slice(0, q.limit);
    return { data: page.map(toAttemptView), next_cursor: rows.length > q.limit ? encodeCursor([page.at(-1)!.number]) : null };
  }

  async get(p: UserPrincipal, id: string): Promise<AttemptView> {
    return toAttemptView(await this.visible(p, id, 'attempt.read'));
  }

  async setSyncOffset(p: UserPrincipal, id: string, syncOffsetSeconds: number): Promise<AttemptView> {
    const row = await this.visible(p, id, 'attempt.update');
    if (!maySyncAttempt(p, facts(row))) throw new ForbiddenError('This exercise is archived: its threads are read-only.');
    const updated = await this.attempts.setSyncOffset(id, Math.round(syncOffsetSeconds * 1000));
    if (!updated) throw new NotFoundError('attempt');
    const view = toAttemptView(updated);
    this.live.attempt('attempt:updated', view, p.tenantId);
    return view;
  }

  /** The owner deletes an attempt no author has commented on: its comments, its files, its media. */
  async remove(p: UserPrincipal, id: string): Promise<void> {
    const row = await this.visible(p, id, 'attempt.delete');
    if (!mayDeleteAttempt(p, facts(row), { hasFeedback: row.feedback_at !== null })) {
      this.audit.record(p, 'attempt.delete', 'denied', `attempt:${id}`);
      if (p.userId !== row.owner_id) throw new ForbiddenError('Only the thread’s owner deletes an attempt.');
      throw new AttemptHasFeedbackError();
    }
    const deleted = await this.db.transaction((trx) => this.attempts.deleteUnlessFeedback(id, trx));
    if (!deleted) {
      // An author commented meanwhile (or another request deleted it first).
      if (await this.attempts.findById(id)) throw new AttemptHasFeedbackError();
      throw new NotFoundError('attempt');
    }
    const asset = await this.media.assetOf(row.tenant_id, row.media_asset_id);
    if (asset) await this.media.discard(asset);
    this.live.attemptDeleted({ id, thread_id: row.thread_id, number: row.number }, row.tenant_id);
  }

  async playback(p: UserPrincipal, id: string): Promise<AttemptPlaybackView> {
    const row = await this.visible(p, id, 'attempt.playback');
    const asset = await this.media.assetOf(row.tenant_id, row.media_asset_id);
    if (!asset) throw new NotFoundError('attempt');
    return this.playbacks.forAsset(asset);
  }

  /** A comment's target, for the comments domain (after it checked the caller may see the thread). */
  target(threadId: string, attemptId: string): Promise<{ duration_ms: number | null; status: string } | undefined> {
    return this.attempts.target(threadId, attemptId);
  }

  // The media domain's changes to an attempt's asset (AssetFollower).

  /** An attempt longer than the exercise's max_attempt_seconds is refused once probed. */
  async refusal(asset: MediaAssetRow, info: ProbeResult): Promise<AssetRefusal | undefined> {
    const row = await this.attempts.findByAsset(asset.id);
    const max = row?.max_attempt_seconds;
    if (!row || max === null || max === undefined || info.durationMs <= max * 1000) return undefined;
    return {
      code: 'attempt-too-long',
      title: 'Attempt too long',
      reason: `The attempt is ${(info.durationMs / 1000).toFixed(1)} s long; this exercise takes attempts of at most ${max} s. Its file was removed: record or choose a shorter one.`,
    };
  }

  /** Announcements in flight, by asset: one asset's are sent in the order its changes happened. */
  private readonly announcing = new Map<string, Promise<void>>();

  /** Each status change of an attempt's media reaches the thread's room as attempt:updated. */
  changed(asset: MediaAssetRow): void {
    const previous = this.announcing.get(asset.id) ?? Promise.resolve();
    const next = previous.then(() => this.announce(asset)).catch(this.onError);
    this.announcing.set(asset.id, next);
    void next.finally(() => {
      if (this.announcing.get(asset.id) === next) this.announcing.delete(asset.id);
    });
  }

  private async announce(asset: MediaAssetRow): Promise<void> {
    const found = await this.attempts.findByAsset(asset.id);
    if (!found) return;
    // The state this change made, even if a later one has happened since (it is announced next).
    const row = { ...found, status: asset.status, error: asset.error, duration_ms: asset.duration_ms, frame_rate: asset.frame_rate, playable_as: asset.playable_as };
    const attempt = toAttemptView(row);
    this.live.attempt('attempt:updated', attempt, row.tenant_id);
    if (asset.status !== 'uploaded' || this.submittedListeners.length === 0) return;
    const first = (await this.attempts.acceptedBefore(row.thread_id, row.number)) === 0;
    const event: AttemptSubmitted = { tenantId: row.tenant_id, threadId: row.thread_id, exerciseId: row.exercise_video_id, learnerId: row.owner_id, attempt, first };
    for (const listener of this.submittedListeners) await listener(event).catch(this.onError);
  }

  async inUse(asset: MediaAssetRow): Promise<string | undefined> {
    const row = await this.attempts.findByAsset(asset.id);
    return row ? `This video is attempt ${row.number} of a thread: delete the attempt (DELETE /attempts/${row.id}) instead.` : undefined;
  }

  /**
   * The asset goes (an upload abandoned for a day, swept): its attempt goes in the same
   * transaction, announced as the owner's own delete announces it, once that has committed.
   */
  async deleting(asset: MediaAssetRow, trx: Transaction): Promise<(() => void) | undefined> {
    const gone = await this.attempts.deleteByAsset(asset.id, trx);
    if (!gone) return undefined;
    return () => this.live.attemptDeleted({ id: gone.id, thread_id: gone.thread_id, number: gone.number }, gone.tenant_id);
  }
}
