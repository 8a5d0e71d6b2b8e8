import type { Server } from 'socket.io';
import type { AttemptDeletedEvent, AttemptView } from '../contract/attempts.ts';
import type { CommentView } from '../contract/comments.ts';
import type { GradeEvent } from '../contract/grades.ts';
import type { InboxItemView } from '../contract/inbox.ts';
import type { AttemptEventName, ClientToServerEvents, CommentEventName, MediaStatusEvent, ServerToClientEvents } from '../contract/live-events.ts';
import { logError } from '../core/loggable.ts';

export const threadRoom = (threadId: string) => `thread:${threadId}`;

/** What was published, for listeners beyond the live channel (email, webhooks). */
export type Committed =
  | { kind: 'comment'; event: CommentEventName; comment: CommentView; tenantId: string }
  | { kind: 'media'; userId: string; event: MediaStatusEvent }
  | { kind: 'grade'; event: GradeEvent }
  | { kind: 'thread'; threadId: string }
  | { kind: 'attempt'; event: AttemptEventName; attempt: AttemptView; tenantId: string }
  | { kind: 'attempt-deleted'; event: AttemptDeletedEvent; tenantId: string };
export type CommitListener = (committed: Committed) => Promise<void>;
export const userRoom = (userId: string) => `user:${userId}`;

/**
 * What services call after their transaction commits. Until a Socket.io server is attached
 * (the CLI, a test without live clients) it emits nowhere; clients catch up through since_seq.
 */
export class LivePublisher {
  private io: Server<ClientToServerEvents, ServerToClientEvents> | undefined;
  private spansProcesses = false;
  private readonly listeners: CommitListener[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly onError: (error: unknown) => void = logError('Live publish')) {}

  /**
   * Runs `listener` after each publish, off the request's path: a slow or failing listener
   * (queueing an email, a webhook) never delays or fails the write that committed.
   */
  onCommitted(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /** Until every listener started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private committed(c: Committed): void {
    for (const listener of this.listeners) {
      const run = listener(c).catch(this.onError);
      this.inFlight.add(run);
      void run.finally(() => this.inFlight.delete(run));
    }
  }

  /** `spansProcesses`: rooms reach other API processes (the Redis adapter). */
  attach(io: Server<ClientToServerEvents, ServerToClientEvents>, spansProcesses: boolean): void {
    this.io = io;
    this.spansProcesses = spansProcesses;
  }

  /** Stops emitting through `io` (its server is closing); a newer server stays attached. */
  detach(io: Server<ClientToServerEvents, ServerToClientEvents>): void {
    if (this.io === io) this.io = undefined;
  }

  /** The public view of the comment (a hidden one without its body): one payload serves the whole room. `tenantId` is its thread's. */
  comment(event: CommentEventName, comment: CommentView, tenantId: string): void {
    this.committed({ kind: 'comment', event, comment, tenantId });
    const room = threadRoom(comment.thread_id);
    // In one process, an empty room needs no packet encoded (most threads have nobody watching).
    if (!this.io || (!this.spansProcesses && !this.io.of('/').adapter.rooms.has(room))) return;
    this.io.to(room).emit(event, comment);
  }

  /**
   * Takes a user's sockets, on every node, out of threads they may no longer see (a co-author
   * removed from an exercise): the policy is asked at subscribe, so a later change must say so here.
   */
  revoke(userId: string, threadIds: string[]): void {
    if (!this.io || threadIds.length === 0) return;
    const rooms = threadIds.map(threadRoom);
    // This node's sockets leave now. The Redis adapter applies even its own node's leave only when
    // the request comes back from Redis, while a local broadcast is immediate: a comment posted
    // in between would reach the revoked user. Other nodes get the leave before any later broadcast
    // (one publishing connection, so Redis keeps the order).
    this.io.local.in(userRoom(userId)).socketsLeave(rooms);
    if (this.spansProcesses) this.io.in(userRoom(userId)).socketsLeave(rooms);
  }

  /** Closes every live connection of a user, on every node (an erased user's, say). */
  disconnectUser(userId: string): void {
    if (!this.io) return;
    this.io.local.in(userRoom(userId)).disconnectSockets(true);
    if (this.spansProcesses) this.io.in(userRoom(userId)).disconnectSockets(true);
  }

  /** An attempt was added or changed (status, sync offset): to its thread's room (the owner and the authors). */
  attempt(event: AttemptEventName, attempt: AttemptView, tenantId: string): void {
    this.committed({ kind: 'attempt', event, attempt, tenantId });
    this.io?.to(threadRoom(attempt.thread_id)).emit(event, attempt);
  }

  /** An attempt, its comments and its files are gone. */
  attemptDeleted(event: AttemptDeletedEvent, tenantId: string): void {
    this.committed({ kind: 'attempt-deleted', event, tenantId });
    this.io?.to(threadRoom(event.thread_id)).emit('attempt:deleted', event);
  }

  /** A thread's grade or its passback state changed. */
  grade(event: GradeEvent): void {
    this.committed({ kind: 'grade', event });
    this.io?.to(threadRoom(event.thread_id)).emit('grade:updated', event);
  }

  /**
   * Whether `userId` may have a live connection: anywhere when rooms span processes, otherwise a
   * socket of theirs in this process (every authenticated socket joins its user's room). What is
   * sent to a user alone need not be worked out for nobody.
   */
  mayReach(userId: string): boolean {
    if (!this.io) return false;
    return this.spansProcesses || this.io.of('/').adapter.rooms.has(userRoom(userId));
  }

  /** Whether any user may have a live connection (any socket in this process, or other processes). */
  mayReachAnyone(): boolean {
    if (!this.io) return false;
    return this.spansProcesses || this.io.of('/').sockets.size > 0;
  }

  /** A thread's own state changed without a comment (marked done): its listeners (the inbox) tell whom it concerns. */
  thread(threadId: string): void {
    this.committed({ kind: 'thread', threadId });
  }

  /** A thread as one instructor's inbox now shows it (their user room: the policy chose the recipient). */
  inbox(userId: string, item: InboxItemView): void {
    this.io?.to(userRoom(userId)).emit('inbox:updated', item);
  }

  user(userId: string, event: MediaStatusEvent): void {
    this.committed({ kind: 'media', userId, event });
    this.io?.to(userRoom(userId)).emit('media:status-changed', event);
  }
}
