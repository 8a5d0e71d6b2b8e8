import type { AuthorScope, ThreadScope } from './policy.ts';

/** Where a scope's tenant and caller come from: named bindings, or the columns of a batch's rows. */
export interface ScopeValues {
  tenant: string;
  caller: string;
}
const BOUND: ScopeValues = { tenant: ':tenant', caller: ':caller' };

/**
 * The policy's thread scope as a SQL condition on a thread row aliased `t`, with named bindings
 * `:tenant` and `:caller` (or, for a statement writing several callers' rows, the row's own
 * columns). Every query that reads or writes in threads filters through it.
 */
export function threadScopeSql(scope: Pick<ThreadScope, 'kind'>, v: ScopeValues = BOUND): string {
  switch (scope.kind) {
    case 'owner':
      return `t.tenant_id = ${v.tenant} AND t.owner_id = ${v.caller}`;
    case 'owner-or-author':
      return `t.tenant_id = ${v.tenant} AND (t.owner_id = ${v.caller} OR EXISTS (
        SELECT 1 FROM exercise_authors a WHERE a.exercise_video_id = t.exercise_video_id AND a.user_id = ${v.caller}))`;
    case 'none':
      return 'false';
  }
}

/**
 * The author scope as SQL on a thread row aliased `t`, with named bindings `:tenant` and `:caller`. The caller's
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
