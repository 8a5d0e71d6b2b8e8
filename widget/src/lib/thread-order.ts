import type { CommentView, ThreadView } from './types.ts';

/** Those awaiting a reply first, then the most recently active. */
export function orderThreads(threads: readonly ThreadView[]): ThreadView[] {
  return [...threads].sort(
    (a, b) => Number(b.awaiting_reply) - Number(a.awaiting_reply) || b.last_activity_at.localeCompare(a.last_activity_at),
  );
}

/**
 * A thread's counts as its comments now stand, computed as the API does: comments not deleted,
 * awaiting a reply while the newest of them is the owner's.
 */
export function withCounts(thread: ThreadView, comments: Iterable<CommentView>): ThreadView {
  let count = 0;
  let newest: CommentView | undefined;
  for (const c of comments) {
    if (c.deleted) continue;
    count++;
    if (!newest || c.created_at > newest.created_at || (c.created_at === newest.created_at && c.id > newest.id)) newest = c;
  }
  return {
    ...thread,
    comment_count: count,
    awaiting_reply: newest ? newest.author?.id === thread.owner.id : false,
    last_activity_at: newest && newest.created_at > thread.last_activity_at ? newest.created_at : thread.last_activity_at,
  };
}
