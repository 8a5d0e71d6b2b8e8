import type { Principal } from '../auth/principal.ts';

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

/**
 * As SQL on a thread row aliased `t`, with named bindings `:tenant` and `:caller`. The caller's
 * exercises are read once, first (an array, not a join), so the plan starts from them through the
 * index rather than from every thread of the tenant.
 */
export function authoredThreadsSql(scope: Pick<AuthorScope, 'kind'>): string {
  if (scope.kind === 'none') return 'false';
  return 't.tenant_id = :tenant AND t.exercise_video_id = ANY (ARRAY(SELECT a.exercise_video_id FROM exercise_authors a WHERE a.user_id = :caller))';
}

/** A feedback-bank row aliased `f`: the caller's own, or shared with an exercise the caller authors. */
export function feedbackScopeSql(scope: Pick<AuthorScope, 'kind'>): string {
  if (scope.kind === 'none') return 'false';
  return `f.tenant_id = :tenant AND (
    (f.exercise_video_id IS NULL AND f.owner_id = :caller)
    OR f.exercise_video_id IN (SELECT a.exercise_video_id FROM exercise_authors a WHERE a.user_id = :caller))`;
}
