import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../lib/api-client.ts';
import { newKey, Outbox, type OutboxEntry } from '../lib/outbox.ts';
import type { CommentView, DisplayComment, NewComment } from '../lib/types.ts';
import type { SessionController } from './session-controller.ts';

const RETRY_EVERY_MS = 15_000;

export interface OutboxOptions {
  /** The thread comments go to now. */
  thread(): { id: string } | undefined;
  /** The API acknowledged one: show the server's copy. */
  onSent(comment: CommentView): void;
  /** How a pending comment's author shows. */
  author(): DisplayComment['author'];
}

/**
 * Typed comments until the API acknowledges them: kept in the browser's storage (a reload or a
 * crash loses nothing), sent with an Idempotency-Key (a retry never doubles one), retried on their
 * own when the failure may pass (`online`, every 15 s, after a reconnect), shown as pending rows.
 */
export class OutboxController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #session: SessionController;
  readonly #options: OutboxOptions;
  readonly #sending = new Set<string>();
  #store: { key: string; outbox: Outbox } | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Bumped whenever an entry changes. */
  version = 0;

  constructor(host: ReactiveControllerHost, session: SessionController, options: OutboxOptions) {
    this.#host = host;
    this.#session = session;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.flush);
    this.#timer = setInterval(this.flush, RETRY_EVERY_MS);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.flush);
    clearInterval(this.#timer);
  }

  /** One store per API and user, so two users of one browser never send each other's comments. */
  get #outbox(): Outbox {
    const key = `et-outbox:v1:${this.#session.scope}`;
    if (this.#store?.key !== key) this.#store = { key, outbox: new Outbox(key) };
    return this.#store.outbox;
  }

  #changed(): void {
    this.version++;
    this.#host.requestUpdate();
  }

  async submit(input: NewComment): Promise<void> {
    const thread = this.#options.thread();
    if (!thread) return;
    const entry: OutboxEntry = { ...input, key: newKey(), thread_id: thread.id, created_at: new Date().toISOString(), state: 'sending', auto: true };
    this.#outbox.put(entry);
    this.#changed();
    await this.#send(entry.key);
  }

  async retry(key: string): Promise<void> {
    this.#outbox.update(key, { auto: true });
    await this.#send(key);
  }

  /** Sends what waits for the open thread. */
  flush = (): void => {
    const thread = this.#options.thread();
    if (!thread) return;
    for (const e of this.#outbox.list(thread.id)) if (e.auto && !this.#sending.has(e.key)) void this.#send(e.key);
  };

  async #send(key: string): Promise<void> {
    const outbox = this.#outbox;
    const entry = outbox.get(key);
    if (!entry || this.#sending.has(key)) return;
    this.#sending.add(key);
    outbox.update(key, { state: 'sending' });
    this.#changed();
    try {
      const comment = await this.#session.api.createComment(entry.thread_id, entry, key);
      outbox.remove(key);
      this.#options.onSent(comment);
    } catch (error) {
      const retryable = !(error instanceof ApiError) || error.retryable;
      const message = error instanceof Error ? error.message : String(error);
      // Still retried on its own when the failure may pass (offline, 5xx); otherwise it waits for the user.
      outbox.update(key, retryable ? { state: 'sending', error: message, auto: true } : { state: 'failed', error: message, auto: false });
    } finally {
      this.#sending.delete(key);
      this.#changed();
    }
  }

  /**
   * The open thread's pending comments, as rows of the list. One whose live echo is already among
   * `shown` (same author, body, moment and parent) is left out while its POST is still answering,
   * so it never shows twice; the outbox keeps it until that answer, in case the send must be retried.
   */
  pending(shown: Iterable<CommentView> = []): DisplayComment[] {
    const thread = this.#options.thread();
    if (!thread) return [];
    const author = this.#options.author();
    const echoes = [...shown].filter((c) => c.author && c.author.id === author?.id);
    const used = new Set<CommentView>();
    const echoed = (e: OutboxEntry): boolean => {
      if (e.state !== 'sending') return false;
      const echo = echoes.find((c) => !used.has(c) && c.body === e.body && (c.parent_id ?? null) === (e.parent_id ?? null)
        && Math.abs(c.t_start - e.t_start) < 0.001 && Math.abs(c.t_end - (e.t_end ?? e.t_start)) < 0.001);
      if (echo) used.add(echo);
      return !!echo;
    };
    return this.#outbox.list(thread.id).filter((e) => !echoed(e)).map((e) => ({
      id: `pending:${e.key}`,
      thread_id: e.thread_id,
      seq: 0,
      author,
      t_start: e.t_start,
      t_end: e.t_end ?? e.t_start,
      body: e.body,
      drawing: e.drawing ?? null,
      parent_id: e.parent_id,
      // The model until the outbox learns comments' targets (issue 18's element work).
      attempt_id: null,
      created_at: e.created_at,
      updated_at: e.created_at,
      edited_at: null,
      deleted: false,
      hidden: false,
      marker_ids: e.marker_ids ?? [],
      markers: e.markers ?? [],
      pending: e.state === 'failed' ? 'failed' : 'sending',
      ...(e.error ? { error: e.error } : {}),
      outboxKey: e.key,
    }));
  }
}
