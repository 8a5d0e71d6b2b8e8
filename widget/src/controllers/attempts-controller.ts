import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AttemptEventName } from '../../../api/src/contract/live-events.ts';
import { ApiError } from '../lib/api-client.ts';
import type { AttemptDeleteRefusal } from '../lib/attempts.ts';
import type { AttemptDeletedEvent, AttemptView, ThreadView, UploadProgress } from '../lib/types.ts';
import type { PutPart } from '../lib/uploader.ts';
import type { SessionController } from './session-controller.ts';

/** Sending is a chunk of its own (IndexedDB, the uploader): fetched only by a thread's owner. */
const loadSender = () => import('../lib/attempt-sender.ts');

export interface AttemptsOptions {
  /** The open thread, and whether the reader owns it (only its owner adds attempts). */
  thread(): ThreadView | undefined;
  isOwner(): boolean;
  putPart(): PutPart | undefined;
  /** The target shown, or its status, changed (the model: undefined): the player, list and timeline follow. */
  onTarget(attempt: AttemptView | undefined): void;
  onFailure(message: string): void;
  /** The reader deleted an attempt here (not one deleted elsewhere, which arrives live). */
  onDeleted(attempt: AttemptView): void;
}

/**
 * The open thread's attempts: listed when the thread opens, kept current by the live channel's
 * `attempt:*` events, which of them (or the model, '') is being viewed, the owner's takes on their
 * way (sent through the lazy sender, resumed after a reload or when the connection is back), and,
 * for the exercise's authors, every student thread's attempts for the switcher.
 */
export class AttemptsController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #session: SessionController;
  readonly #options: AttemptsOptions;
  #threadId = '';
  #abort: AbortController | undefined;
  readonly #sending = new Set<string>();
  attempts: AttemptView[] = [];
  /** The attempt viewed; '' for the model video. */
  target = '';
  /** The take on its way, if any. */
  progress: UploadProgress | undefined;
  /** Why the API refused the last take, for good ('' for none). */
  refusal = '';
  /** The attempt whose deletion is on its way ('' for none). */
  deleting = '';
  /** Why the last deletion was refused, until another attempt is chosen. */
  deleteRefusal: AttemptDeleteRefusal | undefined;
  /** For authors: each student thread's attempts (the switcher shows them). */
  byThread = new Map<string, AttemptView[]>();
  /** The thread ids last listed: a list is asked again only when the threads themselves change. */
  #listed = '';

  constructor(host: ReactiveControllerHost, session: SessionController, options: AttemptsOptions) {
    this.#host = host;
    this.#session = session;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.#resume);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#resume);
    this.#abort?.abort();
    this.#threadId = '';
    this.#listed = '';
  }

  get current(): AttemptView | undefined {
    return this.attempts.find((a) => a.id === this.target);
  }

  /** A thread opened: its attempts, the model shown, and (for its owner) the takes a reload interrupted. */
  async opened(thread: ThreadView): Promise<void> {
    if (thread.id === this.#threadId) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#threadId = thread.id;
    this.attempts = [];
    this.progress = undefined;
    this.refusal = '';
    this.deleting = '';
    this.select('');
    try {
      const list = await this.#session.api.attempts(thread.id, abort.signal);
      if (abort.signal.aborted) return;
      for (const a of list) this.#upsert(a);
    } catch (error) {
      if (!abort.signal.aborted) this.#options.onFailure(error instanceof Error ? error.message : String(error));
    }
    this.#resume();
  }

  /** For an exercise's authors: the attempts of each thread the switcher lists (asked once per list). */
  async list(threads: readonly ThreadView[]): Promise<void> {
    const key = threads.map((t) => t.id).join();
    if (key === this.#listed) return;
    this.#listed = key;
    const api = this.#session.api;
    const lists = await Promise.all(threads.map((t) => api.attempts(t.id).catch(() => [] as AttemptView[])));
    if (key !== this.#listed) return;
    this.byThread = new Map(threads.map((t, i) => [t.id, lists[i]!]));
    this.#host.requestUpdate();
  }

  /** Shows an attempt ('' the model). */
  select(id: string): void {
    if (id !== this.target) this.deleteRefusal = undefined;
    this.target = this.attempts.some((a) => a.id === id) ? id : '';
    this.#options.onTarget(this.current);
    this.#host.requestUpdate();
  }

  live(_name: AttemptEventName, attempt: AttemptView): void {
    if (attempt.thread_id !== this.#threadId) return;
    this.#upsert(attempt);
    if (this.target === attempt.id) this.#options.onTarget(attempt);
  }

  deleted(event: AttemptDeletedEvent): void {
    if (event.thread_id !== this.#threadId) return;
    this.attempts = this.attempts.filter((a) => a.id !== event.id);
    this.#mirror();
    if (this.target === event.id) this.select('');
    this.#host.requestUpdate();
  }

  /**
   * The owner's "Delete attempt": DELETE /attempts/:id. Gone, it leaves the list as a live
   * `attempt:deleted` would (that event, arriving after, finds nothing). A refusal (feedback came
   * meanwhile, 409; not the owner, 403) keeps the list and is said; after a 409 the attempt is read
   * again, so its `feedback_at` hides the control.
   */
  async remove(id: string): Promise<void> {
    const attempt = this.attempts.find((a) => a.id === id);
    if (!attempt || this.deleting) return;
    const threadId = this.#threadId;
    this.deleting = id;
    this.deleteRefusal = undefined;
    this.#host.requestUpdate();
    try {
      await this.#session.api.deleteAttempt(id);
      if (threadId !== this.#threadId) return;
      this.deleted({ id, thread_id: threadId, number: attempt.number });
      this.#options.onDeleted(attempt);
    } catch (error) {
      if (threadId !== this.#threadId) return;
      // Deleted already (another tab): it goes, as the live event would have it.
      if (error instanceof ApiError && error.status === 404) return this.deleted({ id, thread_id: threadId, number: attempt.number });
      this.deleteRefusal = { id, code: error instanceof ApiError ? error.code : '', message: error instanceof Error ? error.message : String(error) };
      if (error instanceof ApiError && error.code === 'attempt-has-feedback') {
        const fresh = await this.#session.api.attempt(id).catch(() => undefined);
        if (fresh && threadId === this.#threadId) this.live('attempt:updated', fresh);
      }
    } finally {
      if (this.deleting === id) this.deleting = '';
      this.#host.requestUpdate();
    }
  }

  #upsert(attempt: AttemptView): void {
    const i = this.attempts.findIndex((a) => a.id === attempt.id);
    this.attempts = i >= 0 ? this.attempts.with(i, attempt) : [...this.attempts, attempt].sort((a, b) => a.number - b.number);
    this.#mirror();
    this.#host.requestUpdate();
  }

  /** The open thread's attempts, as the switcher shows them. */
  #mirror(): void {
    if (this.byThread.has(this.#threadId)) this.byThread = new Map(this.byThread).set(this.#threadId, this.attempts);
  }

  /** "Send attempt": kept in IndexedDB first, then sent; the new attempt is shown as soon as it exists. */
  async send(file: File): Promise<void> {
    const thread = this.#options.thread();
    if (!thread) return;
    const sender = await loadSender();
    const take = await sender.keepTake(this.#session.scope, thread.id, file);
    this.refusal = '';
    await this.#send(take.key, true);
  }

  async #send(key: string, show: boolean): Promise<void> {
    if (this.#sending.has(key)) return;
    this.#sending.add(key);
    const threadId = this.#threadId;
    try {
      const { sendTake } = await loadSender();
      await sendTake(key, {
        api: this.#session.api,
        putPart: this.#options.putPart(),
        signal: this.#abort?.signal,
        onProgress: (p) => {
          if (threadId !== this.#threadId) return;
          this.progress = p;
          this.#host.requestUpdate();
        },
        onCreated: (attempt) => {
          if (threadId !== this.#threadId) return;
          this.#upsert(attempt);
          if (show) this.select(attempt.id);
        },
      });
    } catch (error) {
      // A refusal for good (the limit reached, too large, too long) is said; anything else shows as paused and resumes.
      if (error instanceof ApiError && !error.retryable && threadId === this.#threadId) {
        this.progress = undefined;
        this.refusal = error.message;
        this.#host.requestUpdate();
      }
    } finally {
      this.#sending.delete(key);
    }
  }

  /** Sends again the owner's takes still waiting for this thread (after a reload, or the connection back). */
  #resume = (): void => {
    const thread = this.#options.thread();
    if (!thread || thread.id !== this.#threadId || !this.#options.isOwner()) return;
    void loadSender()
      .then((m) => m.pendingTakes(this.#session.scope, thread.id))
      .then((takes) => {
        for (const t of takes) void this.#send(t.key, false);
      });
  };
}
