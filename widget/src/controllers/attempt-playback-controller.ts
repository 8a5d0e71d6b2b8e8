import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { sideBySideStringsFor, signedOffset } from '../lib/side-by-side-strings.ts';
import { format } from '../lib/strings.ts';
import type { AttemptSource, AttemptView } from '../lib/types.ts';
import type { SessionController } from './session-controller.ts';

export interface AttemptPlaybackOptions {
  /** The attempt beside the model while side by side is open (undefined: closed). */
  attempt(): AttemptView | undefined;
  lang(): string;
  /** The API saved the sync point: the attempt as it has it now. */
  onSaved(attempt: AttemptView): void;
  /** Said in the top element's live region (a saved sync point, or why it was refused). */
  announce(message: string): void;
}

/**
 * Side by side's network, a controller of the top element fetched with the view (a lazy chunk):
 * the attempt's signed playback (GET /attempts/:id/playback: its original while the ladder is
 * made, HLS after; latest call wins; asked again when the attempt changes or becomes playable, its
 * URL expires or "Try again" is pressed) and its sync point (PATCH /attempts/:id with
 * `sync_offset`). The view gets the results as properties and asks through
 * `et-sync-point-request` and `et-attempt-reload-request`, heard here on the host. A save in
 * flight shows its offset at once; a refused one puts the saved offset back and says why.
 * An attempt already playing its original keeps it when its ladder becomes ready (until another
 * is chosen or side by side reopens): a new player mid-play would lose the pair's sync.
 */
export class AttemptPlaybackController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #session: SessionController;
  readonly #options: AttemptPlaybackOptions;
  /** What the last load was for: the attempt, whether it played, and the reload count. */
  #key = '';
  #abort: AbortController | undefined;
  /** Bumped to fetch a fresh URL for the same attempt (and rebuild its player). */
  reloads = 0;
  /** What the attempt's side plays, once resolved. */
  source: AttemptSource | undefined;
  /** Why the attempt cannot play ('' : it can, or is being asked). */
  error = '';
  /** The offset being saved, shown until the answer. */
  pending: number | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, session: SessionController, options: AttemptPlaybackOptions) {
    this.#host = host;
    this.#session = session;
    this.#options = options;
    host.addController(this);
    host.addEventListener('et-sync-point-request', (e) => void this.save(e.detail.attemptId, e.detail.offset));
    host.addEventListener('et-attempt-reload-request', () => this.reload());
  }

  hostUpdate(): void {
    const a = this.#options.attempt();
    const key = a ? `${a.id}:${a.playable}:${this.reloads}` : '';
    if (key === this.#key) return;
    this.#key = key;
    this.#abort?.abort();
    // Closed, or another attempt: nothing stale shows. A reload keeps the old source until the new one.
    if (this.source?.id !== a?.id) this.source = undefined;
    this.error = '';
    if (a) void this.#load(a.id, (this.#abort = new AbortController()).signal);
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#key = '';
  }

  async #load(id: string, signal: AbortSignal): Promise<void> {
    try {
      const p = await this.#session.api.attemptPlayback(id, signal);
      if (signal.aborted) return;
      this.source = { id, kind: p.type === 'hls' ? 'hls' : 'file', src: p.url, frameRate: p.frame_rate ?? null };
    } catch (error) {
      if (signal.aborted) return;
      this.source = undefined;
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.#host.requestUpdate();
  }

  reload(): void {
    this.reloads++;
    this.#host.requestUpdate();
  }

  /** The sync offset shown: the one being saved, else the attempt's. */
  get offset(): number {
    return this.pending ?? this.#options.attempt()?.sync_offset ?? 0;
  }

  /** Saves the sync point of the attempt the view showed; the answer is announced. */
  async save(attemptId: string, offset: number): Promise<void> {
    if (this.pending !== undefined) return;
    this.pending = offset;
    this.#host.requestUpdate();
    const s = sideBySideStringsFor(this.#options.lang());
    try {
      this.#options.onSaved(await this.#session.api.setSyncOffset(attemptId, offset));
      this.#options.announce(format(s.syncSaved, { offset: signedOffset(offset) }));
    } catch (error) {
      // Refused: the view sets the saved offset again (`offset` falls back to it).
      this.#options.announce(error instanceof Error ? error.message : String(error));
    } finally {
      this.pending = undefined;
      this.#host.requestUpdate();
    }
  }
}
