import type { ThreadScope } from './policy.ts';

/**
 * The policy's thread scope as a SQL condition on a thread row aliased `t`, with named bindings
 * `:tenant` and `:caller`. Every query that reads or writes in threads filters through it.
 */
export function threadScopeSql(scope: Pick<ThreadScope, 'kind'>): string {
  switch (scope.kind) {
    case 'owner':
      return 't.tenant_id = :tenant AND t.owner_id = :caller';
    case 'owner-or-author':
      return `t.tenant_id = :tenant AND (t.owner_id = :caller OR EXISTS (
        SELECT 1 FROM exercise_authors a WHERE a.exercise_video_id = t.exercise_video_id AND a.user_id = :caller))`;
    case 'none':
      return 'false';
  }
}
