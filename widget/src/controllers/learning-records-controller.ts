import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../lib/api-client.ts';
import type { PlayerEvent } from '../lib/types.ts';
import type { SessionController } from './session-controller.ts';

/** A jump of the playhead larger than this between two time updates is a seek (updates come about 4 times a second). */
const SEEK_SECONDS = 1.5;
/** Events wait at most this long before they are sent (a pause sends at once). */
const FLUSH_MS = 10_000;

/**
 * Learning records: turns the player's time updates into the xAPI Video Profile's events
 * (initialized, played, paused, seeked, completed) and reports them in batches to `POST /events`.
 * The API answers `recording: false` when the tenant keeps no records: then nothing more is sent. A batch
 * that fails otherwise is kept and sent again with the same event ids, which the API counts once.
 */
export class LearningRecordsController implements ReactiveController {
  readonly #session: SessionController;
  readonly #exerciseId: () => string;
  #queue: PlayerEvent[] = [];
  #off = false;
  #sending = false;
  /** A flush was asked for while one was sending: it runs when that one ends. */
  #again = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #exercise = '';
  #sessionId = '';
  #last: { time: number; paused: boolean } | undefined;
  #watched = new Set<number>();
  #completed = false;

  constructor(host: ReactiveControllerHost, session: SessionController, exerciseId: () => string) {
    this.#session = session;
    this.#exerciseId = exerciseId;
    host.addController(this);
  }

  hostDisconnected(): void {
    void this.flush();
  }

  #push(type: PlayerEvent['type'], extra: Partial<PlayerEvent> = {}): void {
    this.#queue.push({ id: crypto.randomUUID(), type, at: new Date().toISOString(), session_id: this.#sessionId, ...extra });
  }

  #progress(duration: number): number {
    return duration > 0 ? Math.min(1, this.#watched.size / Math.ceil(duration)) : 0;
  }

  /** One time update of the player. */
  observe({ currentTime: time, duration, paused }: { currentTime: number; duration: number; paused: boolean }): void {
    const exercise = this.#exerciseId();
    if (this.#off || !exercise) return;
    if (exercise !== this.#exercise) {
      void this.flush();
      this.#exercise = exercise;
      this.#sessionId = crypto.randomUUID();
      this.#last = undefined;
      this.#watched.clear();
      this.#completed = false;
      this.#push('initialized');
    }
    const last = this.#last;
    const jumped = last !== undefined && (time < last.time - 0.25 || time - last.time > SEEK_SECONDS);
    if (last && jumped) this.#push('seeked', { from: last.time, to: time });
    if (!paused && last && !jumped) for (let s = Math.floor(last.time); s < Math.floor(time); s++) this.#watched.add(s);
    if (last && paused !== last.paused) this.#push(paused ? 'paused' : 'played', { time, ...(paused && { progress: this.#progress(duration) }) });
    else if (!last && !paused) this.#push('played', { time });
    if (!this.#completed && duration > 0 && time >= duration - 0.5) {
      this.#completed = true;
      this.#push('completed', { time, progress: this.#progress(duration) });
    }
    this.#last = { time, paused };
    if (last && paused && !last.paused) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Sends what waits (up to 100 events per request). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#sending) {
      this.#again = true;
      return;
    }
    if (this.#off || !this.#queue.length || !this.#exercise) return;
    this.#sending = true;
    const batch = this.#queue.splice(0, 100);
    try {
      const answer = await this.#session.api.postEvents(this.#exercise, batch);
      if (!answer.recording) this.#off = true;
    } catch (error) {
      // Refused for good (not this user's to report, or malformed): those events are dropped.
      if (!(error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429)) {
        this.#queue.unshift(...batch);
      }
    } finally {
      this.#sending = false;
    }
    if (this.#again) {
      this.#again = false;
      await this.flush();
    }
  }
}
