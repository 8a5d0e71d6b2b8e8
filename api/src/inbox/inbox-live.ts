import type { CommitListener, LivePublisher } from '../live/publisher.ts';
import type { InboxService } from './inbox.service.ts';

/**
 * Keeps open inboxes live: after a comment change commits, each instructor whose inbox holds the
 * thread gets it as their inbox now shows it (`inbox:updated` in their user room), so a learner's
 * new comment moves it up, and a reply or a co-author's "done" clears its badge, without a reload.
 * Only for instructors who may be connected: an item is worked out (a query) for someone who can
 * receive it.
 */
export function inboxLive(inbox: InboxService, live: LivePublisher): CommitListener {
  return async (c) => {
    const threadId = c.kind === 'comment' ? c.comment.thread_id : c.kind === 'thread' ? c.threadId : undefined;
    // Nobody connected, nobody to tell: no query (the common case between an instructor's visits).
    if (!threadId || !live.mayReachAnyone()) return;
    for (const { userId, item } of await inbox.itemsForOwners(threadId, (id) => live.mayReach(id))) live.inbox(userId, item);
  };
}
