import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CommentEventName } from '../../../api/src/contract/live-events.ts';
import type { ExportFormat } from '../lib/events.ts';
import type { LiveClient, LiveClientOptions } from '../lib/live-client.ts';
import { saveFile } from '../lib/save-file.ts';
import { orderThreads, withCounts } from '../lib/thread-order.ts';
import type { CommentView, ExerciseView, GradeEvent, MediaStatusEvent, ThreadView } from '../lib/types.ts';
import { fire } from '../public-events.ts';
import type { SessionController } from './session-controller.ts';

export interface ThreadHost extends ReactiveControllerHost, EventTarget {
  apiBase: string;
  exerciseId: string;
  threadId: string;
  token: string;
  /** Builds the live client; undefined: the real one, fetched as its own chunk. */
  liveClientFactory: ((options: LiveClientOptions) => LiveClient) | undefined;
}

/**
 * The live client and Socket.io (about 12 KB gzip) are a chunk of their own, fetched as soon as the
 * element is connected, in parallel with the first REST load: the channel is needed only once the
 * thread has loaded, and the first view never waits for it to be parsed.
 */
const loadLive = () => import('../lib/live-client.ts');

export interface ThreadEvents {
  /** A comment from someone else arrived live. */
  onArrived?(comment: CommentView): void;
  /** A thread's comments are in (first open, switch, or reload): pending comments may go. */
  onOpened?(thread: ThreadView): void;
  /** The live channel is back after a drop. */
  onReconnect?(): void;
  onMediaStatus?(event: MediaStatusEvent): void;
  /** A followed thread's grade changed (another author's save, or its passback's state). */
  onGrade?(event: GradeEvent): void;
  /** An edit, delete or report was refused: say why. */
  onFailure?(message: string): void;
}

interface Loaded {
  exercise: ExerciseView;
  isAuthor: boolean;
  threads: ThreadView[];
  thread: ThreadView | undefined;
}

/**
 * The exercise and its thread: loading (latest call wins: an answer for a superseded exercise or
 * thread never lands), the comments by id, `seq`, the live channel's subscription and catch-up,
 * and read marking. Detached and attached again, it loads afresh.
 */
export class ThreadController implements ReactiveController {
  readonly #host: ThreadHost;
  readonly #session: SessionController;
  readonly #events: ThreadEvents;
  /** Bumped on re-attachment: the tasks' arguments change, so they run again. */
  #connection = 0;
  #detached = false;
  #live: LiveClient | undefined;
  #selected = '';
  /** Bumped when a load lands: the thread task runs after it, never beside it. */
  #loads = 0;
  #readTimer: ReturnType<typeof setTimeout> | undefined;
  #lastRead = -1;
  #loaded: Loaded | undefined;
  #threads: ThreadView[] = [];
  #thread: ThreadView | undefined;
  readonly #comments = new Map<string, CommentView>();
  /** Bumped whenever a comment changes. */
  version = 0;
  /** A download of the open thread is under way. */
  downloading = false;

  /** The exercise, its threads (for its authors) and the thread to open. */
  readonly load: Task<[string, string, string, boolean, number], Loaded>;
  /** The open thread's comments. */
  readonly open: Task<[string, number], { thread: ThreadView; comments: CommentView[] }>;

  constructor(host: ThreadHost, session: SessionController, events: ThreadEvents = {}) {
    this.#host = host;
    this.#session = session;
    this.#events = events;
    host.addController(this);
    this.load = new Task(host, {
      args: () => [host.apiBase, host.exerciseId, host.threadId, Boolean(host.token), this.#connection],
      task: ([apiBase, exerciseId, threadId, hasToken], { signal }) => (apiBase && exerciseId && hasToken ? this.#fetch(exerciseId, threadId, signal) : initialState),
      onComplete: (loaded) => this.#landed(loaded),
    });
    this.open = new Task(host, {
      args: () => [this.#selected, this.#loads],
      task: ([threadId], { signal }) => (threadId ? this.#fetchThread(threadId, signal) : initialState),
      onComplete: ({ thread, comments }) => this.#opened(thread, comments),
    });
  }

  get exercise(): ExerciseView | undefined {
    return this.#loaded?.exercise;
  }
  get isAuthor(): boolean {
    return this.#loaded?.isAuthor ?? false;
  }
  get threads(): readonly ThreadView[] {
    return this.#threads;
  }
  get thread(): ThreadView | undefined {
    return this.#thread;
  }
  get comments(): Iterable<CommentView> {
    return this.#comments.values();
  }
  comment(id: string): CommentView | undefined {
    return this.#comments.get(id);
  }

  get status(): 'idle' | 'loading' | 'ready' | 'error' {
    if (this.load.status === TaskStatus.ERROR || this.open.status === TaskStatus.ERROR) return 'error';
    if (this.load.status === TaskStatus.INITIAL) return 'idle';
    if (this.load.status === TaskStatus.COMPLETE && (this.#thread || !this.#selected)) return 'ready';
    return 'loading';
  }

  get error(): unknown {
    return this.load.status === TaskStatus.ERROR ? this.load.error : this.open.error;
  }

  /** Runs again what failed: the exercise's load, or the thread's. */
  retry(): void {
    void (this.load.status === TaskStatus.ERROR ? this.load.run() : this.open.run());
  }

  /** Opens another thread; a later choice wins over an earlier one still loading. */
  select(threadId: string): void {
    if (threadId === this.#selected) return;
    this.#selected = threadId;
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    if (!this.#host.liveClientFactory) void loadLive();
    if (!this.#detached) return;
    this.#detached = false;
    this.#connection++;
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#detached = true;
    this.load.abort();
    this.open.abort();
    this.#closeLive();
    clearTimeout(this.#readTimer);
  }

  async #fetch(exerciseId: string, threadId: string, signal: AbortSignal): Promise<Loaded> {
    this.#closeLive();
    this.#loaded = undefined;
    this.#thread = undefined;
    this.#selected = '';
    const api = this.#session.api;
    const me = this.#session.me;
    const exercise = await api.exercise(exerciseId, signal);
    const isAuthor = Boolean(me) && (exercise.creator_id === me || exercise.author_ids.includes(me));
    if (!isAuthor) {
      const thread = threadId ? await api.thread(threadId, signal) : await api.openThread(exercise.id, signal);
      return { exercise, isAuthor, threads: [], thread };
    }
    const threads = await api.threads(exercise.id, signal);
    const thread = threadId ? await api.thread(threadId, signal) : orderThreads(threads)[0];
    return { exercise, isAuthor, threads, thread };
  }

  #landed(loaded: Loaded): void {
    this.#loaded = loaded;
    this.#threads = loaded.threads;
    this.#selected = loaded.thread?.id ?? '';
    this.#loads++;
    void this.#startLive(loaded);
  }

  async #startLive(loaded: Loaded): Promise<void> {
    const factory = this.#host.liveClientFactory ?? (await loadLive()).createLiveClient;
    if (this.#loaded !== loaded || this.#detached) return;
    this.#live = factory({
      apiBase: this.#host.apiBase,
      tokenProvider: this.#session.liveToken,
      changesSince: (threadId, since, limit) => this.#session.api.changesSince(threadId, since, limit),
      onEvent: (name, comment) => this.#onLive(name, comment),
      onReconnect: () => this.#events.onReconnect?.(),
      onMediaStatus: (event) => this.#events.onMediaStatus?.(event),
      onGrade: (event) => this.#events.onGrade?.(event),
    });
    // The thread may have opened while the chunk was on its way.
    if (this.#thread) void this.#live.subscribe(this.#thread.id, this.#maxSeq()).catch(() => undefined);
  }

  async #fetchThread(threadId: string, signal: AbortSignal): Promise<{ thread: ThreadView; comments: CommentView[] }> {
    const api = this.#session.api;
    const known = this.#threads.find((t) => t.id === threadId) ?? (this.#loaded?.thread?.id === threadId ? this.#loaded.thread : undefined);
    const [thread, comments] = await Promise.all([known ?? api.thread(threadId, signal), api.comments(threadId, signal)]);
    return { thread, comments };
  }

  #opened(thread: ThreadView, comments: CommentView[]): void {
    const previous = this.#thread;
    if (previous && previous.id !== thread.id) void this.#live?.unsubscribe(previous.id);
    this.#comments.clear();
    for (const c of comments) this.#comments.set(c.id, c);
    this.#thread = thread;
    this.#lastRead = -1;
    this.version++;
    this.#threads = this.#threads.map((t) => (t.id === thread.id ? { ...t, unread_count: 0 } : t));
    void this.#live?.subscribe(thread.id, this.#maxSeq()).catch(() => undefined);
    fire(this.#host, 'thread-changed', { threadId: thread.id });
    this.#events.onOpened?.(thread);
    this.#scheduleRead(0);
  }

  #closeLive(): void {
    this.#live?.close();
    this.#live = undefined;
  }

  #maxSeq(): number {
    let max = 0;
    for (const c of this.#comments.values()) if (c.seq > max) max = c.seq;
    return max;
  }

  /**
   * Applies a comment newer than the copy held (from the API's answer or the live channel); the
   * open thread's counts in the switcher follow. Returns whether it was new.
   */
  upsert(comment: CommentView): boolean {
    const before = this.#comments.get(comment.id);
    if (before && before.seq > comment.seq) return false;
    this.#comments.set(comment.id, comment);
    this.version++;
    const open = this.#thread;
    if (open && comment.thread_id === open.id) {
      const counted = withCounts(open, this.#comments.values());
      this.#threads = this.#threads.map((t) => (t.id === open.id ? { ...counted, unread_count: t.unread_count } : t));
    }
    this.#host.requestUpdate();
    return !before;
  }

  edit(id: string, body: string): Promise<void> {
    return this.#act(async () => this.upsert(await this.#session.api.updateComment(id, body)));
  }

  remove(id: string): Promise<void> {
    return this.#act(async () => {
      const res = await this.#session.api.deleteComment(id);
      const c = this.#comments.get(id);
      if (res) this.upsert(res);
      else if (c) this.upsert({ ...c, deleted: true, body: null, drawing: null });
    });
  }

  /** The open thread in one export format, saved by the browser under the API's file name. */
  async download(format: ExportFormat): Promise<void> {
    const thread = this.#thread;
    if (!thread || this.downloading) return;
    this.downloading = true;
    this.#host.requestUpdate();
    await this.#act(async () => {
      const file = await this.#session.api.exportThread(thread.id, format);
      saveFile(file.blob, file.fileName);
    });
    this.downloading = false;
    this.#host.requestUpdate();
  }

  report(id: string, reason: string): Promise<void> {
    return this.#act(() => this.#session.api.report(id, reason));
  }

  async #act(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.#events.onFailure?.(error instanceof Error ? error.message : String(error));
    }
  }

  #onLive(name: CommentEventName, incoming: CommentView): void {
    if (incoming.thread_id !== this.#thread?.id) return;
    const before = this.#comments.get(incoming.id);
    const me = this.#session.me;
    // The room hears the public view; a hidden comment's author still reads their words, as over REST.
    const comment =
      incoming.hidden && incoming.body === null && !incoming.deleted && incoming.author?.id === me && before?.body != null
        ? { ...incoming, body: before.body, drawing: before.drawing }
        : incoming;
    const created = this.upsert(comment);
    if (created && name === 'comment:created' && comment.author?.id !== me) this.#events.onArrived?.(comment);
    this.#scheduleRead();
  }

  /** Reading a thread marks it read, a moment after changes stop arriving. */
  #scheduleRead(delay = 1000): void {
    clearTimeout(this.#readTimer);
    this.#readTimer = setTimeout(() => {
      const thread = this.#thread;
      const seq = this.#maxSeq();
      if (!thread || seq <= this.#lastRead || document.visibilityState === 'hidden') return;
      this.#lastRead = seq;
      this.#session.api.markRead(thread.id, seq).catch(() => (this.#lastRead = -1));
    }, delay);
  }
}
