import type { AttemptView, CommentView } from './types.ts';

/** An attempt awaits feedback while no author of the exercise has commented on it (a failed one awaits nothing). */
export const awaitsFeedback = (a: AttemptView): boolean => a.feedback_at === null && a.status !== 'failed';

/**
 * The API's rule for the owner's "Delete attempt": no author has commented on it. An author's
 * comment seen here (live) counts at once, before the attempt's `feedback_at` is read again.
 */
export function mayDelete(a: AttemptView, comments: Iterable<CommentView>, ownerId: string): boolean {
  if (a.feedback_at !== null) return false;
  for (const c of comments) if (c.attempt_id === a.id && c.author && c.author.id !== ownerId) return false;
  return true;
}

/** Why the API refused to delete an attempt: its problem code (`attempt-has-feedback`, `forbidden`, …) and detail. */
export interface AttemptDeleteRefusal {
  id: string;
  code: string;
  message: string;
}
