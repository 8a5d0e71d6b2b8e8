import { initialState, Task } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../lib/api-client.ts';
import type { AttemptView } from '../lib/types.ts';
import type { SourceKind } from '../players/player.ts';

/** What the attempt's side plays. */
export interface AttemptPlayback {
  kind: SourceKind;
  src: string;
  frameRate: number | null;
}

/** What the controller reads from its host (`et-side-by-side`). */
export interface AttemptPlaybackHost extends ReactiveControllerHost {
  api: ApiClient | undefined;
  attempt: AttemptView | undefined;
}

/**
 * Side by side's network: the attempt's signed playback (GET /attempts/:id/playback, latest call
 * wins; asked again when it expires or "Try again" is pressed) and its sync point (PATCH
 * /attempts/:id with `sync_offset`). A save in flight shows its offset at once; a refused one
 * puts the saved offset back and says why.
 */
export class AttemptPlaybackController implements ReactiveController {
  readonly #host: AttemptPlaybackHost;
  /** Bumped to fetch a fresh URL for the same attempt (and rebuild its player). */
  reloads = 0;
  /** The offset being saved, shown until the answer. */
  pending: number | undefined;
  error = '';
  readonly playback: Task<[ApiClient | undefined, string, number], AttemptPlayback>;

  constructor(host: AttemptPlaybackHost) {
    this.#host = host;
    host.addController(this);
    this.playback = new Task(host, {
      args: () => [host.api, host.attempt?.id ?? '', this.reloads],
      task: async ([api, id], { signal }) => {
        if (!api || !id) return initialState;
        const p = await api.attemptPlayback(id, signal);
        return { kind: p.type === 'hls' ? 'hls' : 'file', src: p.url, frameRate: p.frame_rate ?? null };
      },
    });
  }

  hostConnected(): void {}

  reload(): void {
    this.reloads++;
    this.#host.requestUpdate();
  }

  /** The sync offset shown: the one being saved, else the attempt's. */
  get offset(): number {
    return this.pending ?? this.#host.attempt?.sync_offset ?? 0;
  }

  /** Saves the sync point; `onSaved` gets the attempt as the API now has it. False when refused. */
  async save(offset: number, onSaved: (attempt: AttemptView) => void): Promise<boolean> {
    const { api, attempt } = this.#host;
    if (!api || !attempt) return false;
    this.pending = offset;
    this.error = '';
    this.#host.requestUpdate();
    try {
      onSaved(await api.setSyncOffset(attempt.id, offset));
      return true;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      this.pending = undefined;
      this.#host.requestUpdate();
    }
  }
}
