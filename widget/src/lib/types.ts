// The API's shapes, straight from its contract (types only: nothing of zod reaches the bundle).
import type { CommentView } from '../../../api/src/contract/comments.ts';
import type { ExerciseView } from '../../../api/src/contract/exercises.ts';
import type { ThreadView } from '../../../api/src/contract/threads.ts';

export type { CommentView, ExerciseView, ThreadView };

/** A comment as the list shows it: from the server, or still in the outbox. */
export interface DisplayComment extends CommentView {
  /** Set while the comment is only in the outbox. */
  pending?: 'sending' | 'failed';
  /** Why the last attempt failed. */
  error?: string;
  /** The outbox entry's idempotency key, for a retry. */
  outboxKey?: string;
}

export interface NewComment {
  body: string;
  t_start: number;
  t_end: number | null;
  parent_id: string | null;
}
