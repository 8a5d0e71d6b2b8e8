import type { DisplayComment } from './types.ts';

/** The list's order: by start time, then by sequence (pending ones last, in the order typed). */
export function compareComments(a: DisplayComment, b: DisplayComment): number {
  return a.t_start - b.t_start || (a.seq || Number.MAX_SAFE_INTEGER) - (b.seq || Number.MAX_SAFE_INTEGER) || a.created_at.localeCompare(b.created_at);
}

export interface CommentTree {
  /** Top-level comments, ordered by timecode. */
  roots: DisplayComment[];
  /** Replies per parent id, oldest first. */
  replies: Map<string, DisplayComment[]>;
}

/**
 * A deleted comment leaves the list and the timeline, unless replies hang under it: then it keeps
 * its place with the notice, so the replies keep their context.
 */
export function buildTree(comments: Iterable<DisplayComment>): CommentTree {
  const roots: DisplayComment[] = [];
  const replies = new Map<string, DisplayComment[]>();
  for (const c of comments) {
    if (c.parent_id) {
      if (c.deleted) continue;
      const list = replies.get(c.parent_id) ?? [];
      list.push(c);
      replies.set(c.parent_id, list);
    } else {
      roots.push(c);
    }
  }
  for (const list of replies.values()) list.sort((a, b) => (a.seq || Number.MAX_SAFE_INTEGER) - (b.seq || Number.MAX_SAFE_INTEGER));
  return { roots: roots.filter((c) => !c.deleted || replies.has(c.id)).sort(compareComments), replies };
}

/**
 * The comment under the playhead: the last root that started at or before `time` (binary search,
 * so it stays cheap with thousands of comments while the video plays). A range counts until its end;
 * a point counts for `linger` seconds.
 */
export function activeAt(roots: readonly DisplayComment[], time: number, linger = 3): DisplayComment | undefined {
  let lo = 0;
  let hi = roots.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (roots[mid]!.t_start <= time + 0.05) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0) return undefined;
  const c = roots[found]!;
  const end = c.t_end > c.t_start ? c.t_end : c.t_start + linger;
  return time <= end ? c : undefined;
}
