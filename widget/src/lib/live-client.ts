import { io, type Socket } from 'socket.io-client';
import type { CommentView } from '../../../api/src/contract/comments.ts';
import type { GradeEvent } from '../../../api/src/contract/grades.ts';
import type { InboxItemView } from '../../../api/src/contract/inbox.ts';
import type {
  Ack,
  ClientToServerEvents,
  CommentEventName,
  LiveError,
  MediaStatusEvent,
  ServerToClientEvents,
} from '../../../api/src/contract/live-events.ts';

/**
 * The live channel for `<exercise-thread>`: follow threads, receive their comment changes, and
 * never miss one. Socket.io delivers at most once and does not replay across reconnects or API
 * nodes, so completeness comes from `seq`: the client keeps, per thread, the highest seq below
 * which it has applied every change, and reads anything newer back through
 * `GET /api/v1/threads/:id/comments?since_seq=N` after each (re)subscription or when it sees a gap.
 * A comment is applied only if its seq is newer than the copy it has, so applying twice is harmless.
 */

export type LiveClientErrorKind = 'unauthorized' | 'forbidden' | 'not-found' | 'rate-limited' | 'network' | 'server';

export class LiveClientError extends Error {
  constructor(
    readonly kind: LiveClientErrorKind,
    message: string,
    readonly threadId?: string,
    readonly problem?: LiveError,
  ) {
    super(message);
    this.name = 'LiveClientError';
  }
}

export interface LiveClientOptions {
  /** Where the API is served: `https://threads.example.edu` (a trailing `/api/v1` is accepted). */
  apiBase: string;
  /** A user access token; give `tokenProvider` instead when tokens are renewed. */
  token?: string;
  /** Called for each connection and catch-up; return a fresh token before the old one expires. */
  tokenProvider?: () => string | Promise<string>;
  /** Each comment change, live or read back after a reconnect; an upsert by `comment.id` suffices. */
  onEvent(name: CommentEventName, comment: CommentView): void;
  /** After a reconnection, once the thread is followed again and caught up to `lastSeq`. */
  onReconnect?(threadId: string, lastSeq: number): void;
  onMediaStatus?(event: MediaStatusEvent): void;
  /** To an instructor: a thread of an exercise they author, as their inbox now shows it. */
  onInbox?(item: InboxItemView): void;
  /** A followed thread's grade was saved, or its passback to the gradebook moved on (pending → sent or failed). */
  onGrade?(event: GradeEvent): void;
  /** Each (re)connection: `reconnect` after a drop (what the user room carried meanwhile is lost). */
  onConnect?(reconnect: boolean): void;
  onError?(error: LiveClientError): void;
  /**
   * Reads one page of a thread's changes after `sinceSeq` (the element passes its API client's,
   * so the catch-up renews tokens and reports errors like every other request). Default: a fetch
   * with `token`/`tokenProvider`. A rejection's `status` (if any) names the failure.
   */
  changesSince?: (threadId: string, sinceSeq: number, limit: number) => Promise<{ data: CommentView[]; next_cursor: string | null }>;
  /** Mainly for tests: another fetch, and which transports to try. */
  fetch?: typeof fetch;
  transports?: ('websocket' | 'polling')[];
}

export interface LiveClient {
  /** Follows a thread; changes after `sinceSeq` (default 0: the whole thread) arrive through onEvent. */
  subscribe(threadId: string, sinceSeq?: number): Promise<void>;
  unsubscribe(threadId: string): Promise<void>;
  /** The seq up to which every change of the thread has been applied. */
  lastSeq(threadId: string): number | undefined;
  close(): void;
}

interface Known {
  seq: number;
  hidden: boolean;
  deleted: boolean;
}

interface ThreadState {
  lastSeq: number;
  /** Seqs applied beyond lastSeq, waiting for the ones between (events may cross between nodes). */
  ahead: Set<number>;
  known: Map<string, Known>;
  syncing: Promise<void> | undefined;
  syncAgain: boolean;
  gapTimer: ReturnType<typeof setTimeout> | undefined;
  /** Settles `subscribe()`: after the first catch-up, or with the first refusal. */
  settle: ((error?: LiveClientError) => void) | undefined;
}

const PAGE = 200;
const ACK_TIMEOUT_MS = 10_000;
// How long a missing seq may stay missing before the client reads it back.
const GAP_WAIT_MS = 1_500;
const RETRY_MAX_MS = 30_000;

const COMMENT_EVENTS: CommentEventName[] = ['comment:created', 'comment:updated', 'comment:deleted', 'comment:hidden', 'comment:unhidden'];

function kindOf(status: number): LiveClientErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  return 'server';
}

/** Names a change read back from REST by comparing it with the copy the client had. */
function nameOf(comment: CommentView, before: Known | undefined): CommentEventName {
  if (comment.deleted) return 'comment:deleted';
  if (!before) return comment.hidden ? 'comment:hidden' : 'comment:created';
  if (comment.hidden !== before.hidden) return comment.hidden ? 'comment:hidden' : 'comment:unhidden';
  return 'comment:updated';
}

export function createLiveClient(options: LiveClientOptions): LiveClient {
  if (!options.token && !options.tokenProvider) throw new TypeError('createLiveClient needs a token or a tokenProvider.');
  const base = options.apiBase.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const threads = new Map<string, ThreadState>();
  const report = (error: LiveClientError) => options.onError?.(error);
  const token = async () => (options.tokenProvider ? options.tokenProvider() : options.token!);
  let closed = false;
  let everConnected = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = 1_000;

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(base, {
    path: '/socket.io',
    transports: options.transports ?? ['websocket', 'polling'],
    // School networks that block WebSockets still get long-polling.
    tryAllTransports: true,
    auth: (cb) => {
      token().then(
        (t) => cb({ token: t }),
        () => cb({ token: '' }),
      );
    },
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
  });

  /**
   * Connects again later, after the server refused or closed us, which Socket.io does not retry by
   * itself. Jittered: when a process shuts down, its clients do not all come back at once.
   */
  const retryLater = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined;
        if (!closed && !socket.connected) socket.connect();
      },
      retryDelay * (0.5 + Math.random() / 2),
    );
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  };

  socket.on('connect', () => {
    retryDelay = 1_000;
    const reconnect = everConnected;
    everConnected = true;
    // A new connection (maybe on another node) has no rooms: follow every thread again.
    for (const threadId of threads.keys()) void follow(threadId, reconnect);
    options.onConnect?.(reconnect);
  });

  socket.on('connect_error', (error: Error & { data?: LiveError }) => {
    // A refusal by the server's middleware is not retried by Socket.io itself.
    if (socket.active) return;
    const kind = error.data ? kindOf(error.data.status) : 'network';
    report(new LiveClientError(kind, error.message, undefined, error.data));
    // A refused token is worth trying again only when a fresh one can come; anything else
    // (the database briefly away: 503) is.
    if ((kind !== 'unauthorized' && kind !== 'forbidden') || options.tokenProvider) retryLater();
  });

  socket.on('disconnect', (reason) => {
    // The server closed us: it is shutting down (the next connection reaches another process),
    // or our token expired (the next handshake asks tokenProvider for a fresh one).
    if (reason === 'io server disconnect') retryLater();
  });

  for (const name of COMMENT_EVENTS) {
    socket.on(name, (comment: CommentView) => {
      const state = threads.get(comment.thread_id);
      if (state) apply(comment.thread_id, state, name, comment);
    });
  }
  socket.on('media:status-changed', (event) => options.onMediaStatus?.(event));
  socket.on('inbox:updated', (item) => options.onInbox?.(item));
  socket.on('grade:updated', (event) => options.onGrade?.(event));

  function apply(threadId: string, state: ThreadState, name: CommentEventName | undefined, comment: CommentView): void {
    const before = state.known.get(comment.id);
    if (!before || before.seq < comment.seq) {
      state.known.set(comment.id, { seq: comment.seq, hidden: comment.hidden, deleted: comment.deleted });
      options.onEvent(name ?? nameOf(comment, before), comment);
    }
    advance(threadId, state, comment.seq);
  }

  function advance(threadId: string, state: ThreadState, seq: number): void {
    if (seq > state.lastSeq) state.ahead.add(seq);
    while (state.ahead.delete(state.lastSeq + 1)) state.lastSeq += 1;
    for (const s of state.ahead) if (s <= state.lastSeq) state.ahead.delete(s);
    if (state.ahead.size > 0 && !state.gapTimer && !state.syncing) {
      state.gapTimer = setTimeout(() => {
        state.gapTimer = undefined;
        if (threads.get(threadId) === state && state.ahead.size > 0) catchUpLater(threadId, state);
      }, GAP_WAIT_MS);
    }
  }

  async function get(threadId: string, sinceSeq: number): Promise<{ data: CommentView[]; next_cursor: string | null }> {
    if (options.changesSince) {
      try {
        return await options.changesSince(threadId, sinceSeq, PAGE);
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        const message = error instanceof Error ? error.message : 'The request failed.';
        throw new LiveClientError(typeof status === 'number' ? kindOf(status) : 'network', message, threadId);
      }
    }
    const url = `${base}/api/v1/threads/${encodeURIComponent(threadId)}/comments?since_seq=${sinceSeq}&limit=${PAGE}`;
    let response: Response;
    try {
      response = await doFetch(url, { headers: { Authorization: `Bearer ${await token()}`, Accept: 'application/json' } });
    } catch (error) {
      throw new LiveClientError('network', error instanceof Error ? error.message : 'The network failed.', threadId);
    }
    if (!response.ok) {
      const problem = (await response.json().catch(() => undefined)) as LiveError | undefined;
      throw new LiveClientError(kindOf(response.status), problem?.detail ?? `HTTP ${response.status}`, threadId, problem);
    }
    return (await response.json()) as { data: CommentView[]; next_cursor: string | null };
  }

  /** A catch-up nobody awaits (a gap's, a repeat's): its failure is reported, never left unhandled. */
  function catchUpLater(threadId: string, state: ThreadState): void {
    catchUp(threadId, state).catch((error: unknown) => report(error instanceof LiveClientError ? error : new LiveClientError('network', String(error), threadId)));
  }

  /** Reads back every change after the thread's lastSeq; one catch-up per thread at a time. */
  function catchUp(threadId: string, state: ThreadState, atLeast = 0): Promise<void> {
    if (state.syncing) {
      state.syncAgain = true;
      return state.syncing;
    }
    const run = async () => {
      let since = state.lastSeq;
      for (;;) {
        const { data: page, next_cursor } = await get(threadId, since);
        if (threads.get(threadId) !== state) return;
        for (const comment of page) apply(threadId, state, undefined, comment);
        const last = page.at(-1)?.seq ?? since;
        // Pages come in seq order: every change up to the page's last seq is now reflected
        // (a change missing from it was superseded by a newer one of the same comment).
        if (last > state.lastSeq) state.lastSeq = last;
        // More pages: ask again from the last seq.
        if (!next_cursor || last <= since) break;
        since = last;
      }
      // The subscription's seq was read after joining: everything up to it is now applied.
      if (atLeast > state.lastSeq) state.lastSeq = atLeast;
      advance(threadId, state, state.lastSeq);
    };
    state.syncing = run().finally(() => {
      state.syncing = undefined;
      if (state.syncAgain && threads.get(threadId) === state) {
        state.syncAgain = false;
        catchUpLater(threadId, state);
      } else if (state.ahead.size > 0) {
        advance(threadId, state, state.lastSeq);
      }
    });
    return state.syncing;
  }

  /** Joins the thread's room, then reads back what changed since lastSeq. */
  async function follow(threadId: string, reconnect: boolean): Promise<void> {
    const state = threads.get(threadId);
    if (!state || !socket.connected) return;
    let ack: Ack;
    try {
      ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('thread:subscribe', { thread_id: threadId });
    } catch {
      // No answer: the connection is failing; the next 'connect' follows again.
      return;
    }
    if (threads.get(threadId) !== state) return;
    if ('error' in ack) {
      const error = new LiveClientError(kindOf(ack.error.status), ack.error.detail, threadId, ack.error);
      fail(state, error);
      if (ack.error.status === 429) setTimeout(() => void follow(threadId, reconnect), 2_000);
      else if (ack.error.status >= 400 && ack.error.status < 500) forget(threadId);
      return;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        if (ack.seq > state.lastSeq || state.ahead.size > 0) await catchUp(threadId, state, ack.seq);
        break;
      } catch (error) {
        const e = error instanceof LiveClientError ? error : new LiveClientError('network', String(error), threadId);
        if (e.kind === 'not-found' || e.kind === 'forbidden') {
          fail(state, e);
          return forget(threadId);
        }
        report(e);
        if (closed || !socket.connected || threads.get(threadId) !== state) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000 * 2 ** attempt, RETRY_MAX_MS)));
      }
    }
    if (threads.get(threadId) !== state) return;
    if (state.settle) {
      state.settle();
      state.settle = undefined;
    }
    if (reconnect) options.onReconnect?.(threadId, state.lastSeq);
  }

  /** The first refusal rejects `subscribe()`; later ones go to onError. */
  function fail(state: ThreadState, error: LiveClientError): void {
    if (state.settle) {
      state.settle(error);
      state.settle = undefined;
    } else {
      report(error);
    }
  }

  function forget(threadId: string): void {
    const state = threads.get(threadId);
    if (!state) return;
    if (state.gapTimer) clearTimeout(state.gapTimer);
    threads.delete(threadId);
    // A subscribe() still waiting resolves: the caller stopped following before it was ready.
    state.settle?.();
    state.settle = undefined;
  }

  return {
    async subscribe(threadId, sinceSeq = 0) {
      if (closed) throw new LiveClientError('network', 'The live client is closed.', threadId);
      if (threads.has(threadId)) return;
      const settled = new Promise<void>((resolve, reject) => {
        const state: ThreadState = {
          lastSeq: sinceSeq,
          ahead: new Set(),
          known: new Map(),
          syncing: undefined,
          syncAgain: false,
          gapTimer: undefined,
          settle: (error) => (error ? reject(error) : resolve()),
        };
        threads.set(threadId, state);
      });
      // Not connected yet: the 'connect' handler follows every thread.
      if (socket.connected) void follow(threadId, false);
      return settled;
    },
    async unsubscribe(threadId) {
      if (!threads.has(threadId)) return;
      forget(threadId);
      if (socket.connected) {
        await socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('thread:unsubscribe', { thread_id: threadId })
          .catch(() => undefined);
      }
    },
    lastSeq(threadId) {
      return threads.get(threadId)?.lastSeq;
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      for (const threadId of [...threads.keys()]) forget(threadId);
      socket.disconnect();
    },
  };
}
