import type { ApiKeyPrincipal, Principal, UserPrincipal } from '../auth/principal.ts';

/**
 * Who may see and do what. REST handlers, the live channel and the repositories' query scopes
 * all ask this module; the database trigger `video_comments_guard` mirrors mayWriteInThread.
 *
 * A thread is seen by its owner and by the authors of its exercise, in the same tenant. Nobody
 * else — not another learner, not a moderator, not an API key — sees a thread or its comments.
 */

export interface ThreadFacts {
  tenantId: string;
  ownerId: string;
  /** Whether the caller is one of the thread's exercise's authors. */
  callerIsExerciseAuthor: boolean;
  exerciseArchived: boolean;
}

export interface CommentFacts {
  /** Null for an erased author's tombstone, which nobody edits or reports. */
  authorId: string | null;
  deleted: boolean;
  hidden: boolean;
}

/** How repositories narrow thread queries to what a user may see. */
export type ThreadScope =
  | { kind: 'owner'; tenantId: string; userId: string }
  | { kind: 'owner-or-author'; tenantId: string; userId: string }
  | { kind: 'none' };

export function threadScope(p: Principal): ThreadScope {
  if (p.kind !== 'user' || p.role === 'moderator') return { kind: 'none' };
  if (p.role === 'learner') return { kind: 'owner', tenantId: p.tenantId, userId: p.userId };
  return { kind: 'owner-or-author', tenantId: p.tenantId, userId: p.userId };
}

export function maySeeThread(p: Principal, t: ThreadFacts): boolean {
  if (p.kind !== 'user' || p.tenantId !== t.tenantId || p.role === 'moderator') return false;
  return p.userId === t.ownerId || t.callerIsExerciseAuthor;
}

/** An archived exercise's threads stay readable, read-only (mirrored by the trigger). */
export function threadAcceptsWrites(t: Pick<ThreadFacts, 'exerciseArchived'>): boolean {
  return !t.exerciseArchived;
}

/**
 * Mirrored by the trigger: only the owner and the exercise's authors write in a thread (create,
 * edit, delete; a moderator's hide is not the author's write, and works after the author leaves).
 */
export function mayWriteInThread(p: UserPrincipal, t: ThreadFacts): boolean {
  return maySeeThread(p, t) && threadAcceptsWrites(t);
}

/**
 * Attempts (issue 18) are seen by the thread's audience (maySeeThread); only the thread's owner
 * adds one, to a thread that accepts writes. Mirrored by the attempts trigger (the media is the
 * owner's, the exercise not archived).
 */
export function mayAddAttempt(p: UserPrincipal, t: ThreadFacts): boolean {
  return maySeeThread(p, t) && p.userId === t.ownerId && threadAcceptsWrites(t);
}

/** The sync offset is set by whoever watches side by side: the owner or an author. */
export function maySyncAttempt(p: UserPrincipal, t: ThreadFacts): boolean {
  return mayWriteInThread(p, t);
}

/**
 * The owner deletes an attempt only while no author has commented on it: after that only erasure
 * removes it, so a learner cannot erase an instructor's feedback.
 */
export function mayDeleteAttempt(p: UserPrincipal, t: ThreadFacts, a: { hasFeedback: boolean }): boolean {
  return maySeeThread(p, t) && p.userId === t.ownerId && !a.hasFeedback;
}

export function mayCreateThread(p: Principal): boolean {
  return p.kind === 'user' && p.role === 'learner';
}

export function mayEditComment(p: UserPrincipal, c: CommentFacts): boolean {
  return c.authorId === p.userId && !c.deleted;
}

export function mayReportComment(p: UserPrincipal, c: CommentFacts): boolean {
  return c.authorId !== p.userId && !c.deleted;
}

/** A hidden comment's body is withheld from everyone but its author; a deleted one from everyone. */
export function mayReadBody(p: Principal, c: CommentFacts): boolean {
  if (c.deleted) return false;
  if (c.hidden) return p.kind === 'user' && p.userId === c.authorId;
  return true;
}

export function mayModerate(p: Principal): boolean {
  return p.kind === 'user' && p.role === 'moderator';
}

/** Exercises: any user of the tenant sees the catalogue; authors (and the tenant's API key) manage. */
export function mayManageExercise(p: Principal, e: { tenantId: string; callerIsAuthor: boolean }): boolean {
  if (p.tenantId !== e.tenantId) return false;
  return p.kind === 'api_key' || e.callerIsAuthor;
}

/**
 * An exercise's export holds every student's thread: only its authors take it (not the API key,
 * which sees no thread either).
 */
export function mayExportExerciseThreads(p: Principal, e: { tenantId: string; callerIsAuthor: boolean }): boolean {
  return p.kind === 'user' && p.tenantId === e.tenantId && p.role !== 'moderator' && e.callerIsAuthor;
}

/**
 * A course's roster (the LMS's membership, NRPS) names every learner, also those who never opened
 * the exercise: only the exercise's authors read it, in their tenant (not the API key, which sees no thread).
 */
export function mayReadRoster(p: Principal, e: { tenantId: string; callerIsAuthor: boolean }): boolean {
  return p.kind === 'user' && p.tenantId === e.tenantId && p.role !== 'moderator' && e.callerIsAuthor;
}

/** A user's data export: the user themself, or their tenant's API key, asks for it and fetches it. */
export function mayTakeDataExport(p: Principal, subject: { tenantId: string; userId: string }): boolean {
  if (p.tenantId !== subject.tenantId) return false;
  return p.kind === 'api_key' || p.userId === subject.userId;
}

/** Erasing a user is the institution's decision: its API key alone asks for it. */
export function mayEraseUsers(p: Principal): p is ApiKeyPrincipal {
  return p.kind === 'api_key';
}

/** Retention warnings are addressed to instructors (the authors of archived exercises), each their own. */
export function mayReadRetentionNotices(p: Principal): p is UserPrincipal {
  return p.kind === 'user' && p.role === 'instructor';
}

export function mayCreateExercise(p: Principal): boolean {
  return p.kind === 'api_key' || (p.kind === 'user' && p.role === 'instructor');
}

/**
 * The instructor's side of the access policy (policy.ts): the inbox lists the threads of the
 * exercises the caller authors, and the feedback bank holds the caller's own items and those
 * shared with an exercise they author. Only instructors have either; in their tenant only.
 */
export type AuthorScope = { kind: 'author'; tenantId: string; userId: string } | { kind: 'none' };

export function authorScope(p: Principal): AuthorScope {
  if (p.kind !== 'user' || p.role !== 'instructor') return { kind: 'none' };
  return { kind: 'author', tenantId: p.tenantId, userId: p.userId };
}
