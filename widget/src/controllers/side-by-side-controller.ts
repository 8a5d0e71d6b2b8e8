import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { stringsFor } from '../lib/strings.ts';
import type { AttemptView, ThreadView } from '../lib/types.ts';
import type { AttemptPlaybackController, AttemptPlaybackOptions } from './attempt-playback-controller.ts';
import type { SessionController } from './session-controller.ts';
import type { SideBySideData } from '../elements/et-side-by-side.ts';

export interface SideBySideOptions {
  thread(): ThreadView | undefined;
  /** The open thread's attempts, oldest first: the attempts controller's, which the live channel keeps current. */
  attempts(): readonly AttemptView[];
  /** What the attempt's network reports to the top element (its sync point saved, what to say). */
  network: Omit<AttemptPlaybackOptions, 'attempt'>;
}

/**
 * Side by side, the part in the entry: whether the open thread has an attempt (the "Side by side"
 * toggle shows only then), whether the view is open, the attempt beside the model, and the side new
 * comments go to (and that side's time). On the first press it fetches the view
 * (`et-side-by-side`) and the attempt's network (`AttemptPlaybackController`, made a controller
 * of the host here), each a lazy chunk; the view gets data only and reports through
 * `et-side-attempt-select`, `et-comment-target-change` and `et-attempt-time-update`, heard here.
 */
export class SideBySideController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #session: SessionController;
  readonly #options: SideBySideOptions;
  #threadId = '';
  /** The attempt beside the model, fixed when the view opens and by "Beside the model" ('' : the newest that plays). */
  chosen = '';
  open = false;
  /** The side new comments are anchored to. */
  target: 'model' | 'attempt' = 'model';
  /** The attempt's time, as its side reports it. */
  attemptTime = 0;
  /** The view's module, once fetched. */
  view: typeof import('../elements/et-side-by-side.ts') | undefined;
  /** The attempt's playback and sync point, once fetched. */
  network: AttemptPlaybackController | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, session: SessionController, options: SideBySideOptions) {
    this.#host = host;
    this.#session = session;
    this.#options = options;
    host.addController(this);
    host.addEventListener('et-side-attempt-select', (e) => this.#set({ chosen: e.detail.id }));
    host.addEventListener('et-comment-target-change', (e) => this.#set({ target: e.detail.target }));
    host.addEventListener('et-attempt-time-update', (e) => {
      this.attemptTime = e.detail.currentTime;
      if (this.target === 'attempt') host.requestUpdate();
    });
  }

  hostUpdate(): void {
    const id = this.#options.thread()?.id ?? '';
    // Another thread, or its last attempt deleted: the single video again.
    if (id === this.#threadId && (this.attempts.length || !this.open)) return;
    this.#threadId = id;
    Object.assign(this, { chosen: '', open: false, target: 'model' });
  }

  hostDisconnected(): void {
    this.#threadId = '';
  }

  #set(patch: Partial<Pick<SideBySideController, 'open' | 'target' | 'chosen'>>): void {
    Object.assign(this, patch);
    this.#host.requestUpdate();
  }

  /** The open thread's attempts (the same list as the "Attempt" select's). */
  get attempts(): readonly AttemptView[] {
    return this.#options.attempts();
  }

  /** The attempt beside the model: the one chosen, else the newest that plays, else the newest. */
  get attempt(): AttemptView | undefined {
    const all = this.attempts;
    return all.find((a) => a.id === this.chosen) ?? all.findLast((a) => a.playable) ?? all.at(-1);
  }

  async toggle(): Promise<void> {
    if (!this.view) {
      const [view, { AttemptPlaybackController }] = await Promise.all([import('../elements/et-side-by-side.ts'), import('./attempt-playback-controller.ts')]);
      this.network ??= new AttemptPlaybackController(this.#host, this.#session, { ...this.#options.network, attempt: () => (this.open ? this.attempt : undefined) });
      this.view = view;
    }
    // Opened on the attempt shown then: a newer one becoming playable does not swap it mid-sync.
    this.#set({ open: !this.open, target: 'model', chosen: this.attempt?.id ?? '' });
  }

  /** The view in place of the single video (open implies fetched): the attempts and the network's results as data. */
  render(model: SideBySideData['model'], o: Pick<SideBySideData, 'retries' | 'label' | 'youtubeApiUrl' | 'lang' | 'mirrored' | 'drawings' | 'editor'>) {
    const net = this.network!;
    return this.view!.renderSideBySide({
      ...o,
      model,
      attempts: this.attempts,
      attempt: this.attempt,
      source: net.source,
      error: net.error,
      reloads: net.reloads,
      offset: net.offset,
      saving: net.pending !== undefined,
      target: this.target,
    });
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
