import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { stringsFor } from '../lib/strings.ts';
import type { AttemptView, ThreadView } from '../lib/types.ts';
import type { SessionController } from './session-controller.ts';

/**
 * Side by side, the part in the entry: whether the open thread has an attempt (the "Side by side"
 * toggle shows only then), whether the view is open, and the side new comments go to (and that
 * side's time). The view (`et-side-by-side`, with the attempt's playback and its sync point) is a
 * lazy chunk, fetched on the first press; it reports through `et-comment-target-change`,
 * `et-attempt-time-update` and `et-attempt-saved`, heard here on the host.
 */
export class SideBySideController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #session: SessionController;
  readonly #thread: () => ThreadView | undefined;
  #threadId = '';
  #abort: AbortController | undefined;
  /** The thread's attempts, oldest first. */
  attempts: AttemptView[] = [];
  /** The attempt shown beside the model ('' : the newest). */
  chosen = '';
  open = false;
  /** The side new comments are anchored to. */
  target: 'model' | 'attempt' = 'model';
  /** The attempt's time, as its side reports it. */
  attemptTime = 0;
  /** The view's module, once fetched. */
  view: typeof import('../elements/et-side-by-side.ts') | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, session: SessionController, thread: () => ThreadView | undefined) {
    this.#host = host;
    this.#session = session;
    this.#thread = thread;
    host.addController(this);
    host.addEventListener('et-attempt-saved', (e) => this.upsert(e.detail.attempt));
    host.addEventListener('et-comment-target-change', (e) => this.#set({ target: e.detail.target }));
    host.addEventListener('et-attempt-time-update', (e) => {
      this.attemptTime = e.detail.currentTime;
      if (this.target === 'attempt') host.requestUpdate();
    });
  }

  hostUpdate(): void {
    const id = this.#thread()?.id ?? '';
    if (id === this.#threadId) return;
    this.#threadId = id;
    this.#abort?.abort();
    Object.assign(this, { attempts: [], chosen: '', open: false, target: 'model' });
    if (id) void this.#load(id, (this.#abort = new AbortController()).signal);
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#threadId = '';
  }

  #set(patch: Partial<Pick<SideBySideController, 'open' | 'target' | 'attempts' | 'chosen'>>): void {
    Object.assign(this, patch);
    this.#host.requestUpdate();
  }

  async #load(threadId: string, signal: AbortSignal): Promise<void> {
    try {
      const attempts = await this.#session.api.attempts(threadId, signal);
      if (!signal.aborted) this.#set({ attempts });
    } catch {
      // No attempts route, or none visible: no toggle.
    }
  }

  /** The attempt beside the model: the one chosen, else the newest that plays, else the newest. */
  get attempt(): AttemptView | undefined {
    return this.attempts.find((a) => a.id === this.chosen) ?? this.attempts.findLast((a) => a.playable) ?? this.attempts.at(-1);
  }

  /** An attempt added or changed (live, or a saved sync point): its status, its offset. */
  upsert(attempt: AttemptView): void {
    if (attempt.thread_id !== this.#threadId) return;
    const others = this.attempts.filter((a) => a.id !== attempt.id);
    this.#set({ attempts: [...others, attempt].sort((a, b) => a.number - b.number) });
  }

  async toggle(): Promise<void> {
    this.view ??= await import('../elements/et-side-by-side.ts');
    this.#set({ open: !this.open, target: 'model' });
  }

  /** The attempt a new root comment is anchored to (null: the model). */
  get commentAttempt(): string | null {
    return this.open && this.target === 'attempt' ? (this.attempt?.id ?? null) : null;
  }

  /** Where a new comment is anchored now: the attempt's time when it goes to the attempt, else the model's. */
  commentTime(modelTime: number): number {
    return this.commentAttempt ? this.attemptTime : modelTime;
  }

  /** The "Side by side" toggle, when the thread has an attempt. */
  renderToggle(lang: string) {
    return this.attempts.length
      ? html`<button type="button" aria-pressed=${String(this.open)} @click=${() => void this.toggle()}>${stringsFor(lang).sideBySide}</button>`
      : nothing;
  }
}
