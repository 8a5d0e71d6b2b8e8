import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../lib/api-client.ts';
import type { AttemptPlaybackView, AttemptView, ExerciseView, MediaStatusEvent, PlaybackView } from '../lib/types.ts';
import { sourceKind, type SourceKind } from '../players/player.ts';
import type { SessionController } from './session-controller.ts';

/** While a video is processing, ask again this often (the live status reaches only its uploader). */
export const PROCESSING_POLL_MS = 5_000;

/** What the video surface plays, or why it cannot yet. */
export type Playback =
  | { state: 'loading' }
  | { state: 'play'; kind: SourceKind; src: string; youtubeId: string; poster: string; frameRate: number | null }
  | { state: 'processing' }
  | { state: 'failed'; reason: string };

function toPlayback(p: PlaybackView | AttemptPlaybackView, ex: ExerciseView): Playback {
  if (p.type === 'youtube') {
    const id = (URL.canParse(p.url) ? new URL(p.url).searchParams.get('v') : null) ?? ex.source.youtube_id ?? '';
    return { state: 'play', kind: 'youtube', src: '', youtubeId: id, poster: '', frameRate: null };
  }
  return { state: 'play', kind: p.type === 'hls' ? 'hls' : 'file', src: p.url, youtubeId: '', poster: p.poster ?? '', frameRate: p.frame_rate ?? null };
}

export interface PlaybackOptions {
  /** The exercise became playable (the catalogue drops its "processing" badge). */
  onReady?(exercise: ExerciseView): void;
  /** A fresh URL for a source that expired while playing: hand it to the player. */
  onRenewed?(src: string): void;
  /** A renewal failed: say why. */
  onRenewalFailed?(message: string): void;
}

/**
 * What to play for the exercise: the API's playback (signed HLS for uploads), "processing" while
 * the API says `media-processing` (asked again every few seconds, or at once when the live status
 * says ready), "failed" on `media-failed`; a fresh signed URL when one expires mid-video; and a
 * new attempt after "Try again". Latest call wins: a superseded answer never lands.
 */
export class PlaybackController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #session: SessionController;
  readonly #options: PlaybackOptions;
  #exercise: ExerciseView | undefined;
  /** The attempt shown instead of the model, if any. */
  #attempt: AttemptView | undefined;
  #abort: AbortController | undefined;
  #poll: ReturnType<typeof setTimeout> | undefined;
  playback: Playback = { state: 'loading' };
  /** Bumped by "Try again": the surface builds its player again even for the same URL. */
  attempt = 0;

  constructor(host: ReactiveControllerHost, session: SessionController, options: PlaybackOptions = {}) {
    this.#host = host;
    this.#session = session;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#exercise && this.playback.state !== 'play') void this.#load(this.#exercise);
  }

  hostDisconnected(): void {
    this.#cancel();
  }

  #cancel(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    clearTimeout(this.#poll);
  }

  #set(playback: Playback): void {
    this.playback = playback;
    this.#host.requestUpdate();
  }

  /** Follows the exercise the thread shows (undefined: none). */
  show(exercise: ExerciseView | undefined): void {
    if (exercise === this.#exercise) return;
    this.#exercise = exercise;
    this.#attempt = undefined;
    this.#cancel();
    this.#set({ state: 'loading' });
    if (exercise) void this.#load(exercise);
  }

  /**
   * Plays an attempt instead of the model (undefined: the model again). The same attempt again (its
   * live status changed) loads afresh only while it is not playing yet.
   */
  showAttempt(attempt: AttemptView | undefined): void {
    const same = attempt?.id === this.#attempt?.id;
    this.#attempt = attempt;
    const ex = this.#exercise;
    // The same attempt's news: load again only when it became playable, or failed, while waiting.
    if (!ex || (same && (this.playback.state === 'play' || (!attempt?.playable && attempt?.status !== 'failed')))) return;
    this.#cancel();
    this.#set({ state: 'loading' });
    void this.#load(ex);
  }

  #fetch(exercise: ExerciseView, signal?: AbortSignal): Promise<PlaybackView | AttemptPlaybackView> {
    const api = this.#session.api;
    return this.#attempt ? api.attemptPlayback(this.#attempt.id, signal) : api.playback(exercise.id, signal);
  }

  async #load(exercise: ExerciseView): Promise<void> {
    this.#cancel();
    const abort = new AbortController();
    this.#abort = abort;
    const attempt = this.#attempt;
    try {
      const p = await this.#fetch(exercise, abort.signal);
      if (abort.signal.aborted) return;
      this.#set(toPlayback(p, exercise));
      this.#options.onReady?.(exercise);
    } catch (error) {
      if (abort.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof ApiError && error.code === 'media-processing') {
        this.#set({ state: 'processing' });
        // An attempt's status arrives live to everyone who sees its thread: no need to ask again.
        if (!attempt) this.#poll = setTimeout(() => void this.#load(exercise), PROCESSING_POLL_MS);
      } else if (error instanceof ApiError && error.code === 'media-failed') {
        this.#set({ state: 'failed', reason: message });
      } else if (!attempt && exercise.source.type !== 'upload') {
        // An API without the playback route: the exercise's own source still plays.
        const src = exercise.source;
        this.#set({ state: 'play', kind: sourceKind(src), src: src.url ?? '', youtubeId: src.youtube_id ?? '', poster: '', frameRate: null });
      } else {
        this.#set({ state: 'failed', reason: message });
      }
    }
  }

  /** The uploader's live status: ready plays at once, failed says so. */
  mediaStatus(event: MediaStatusEvent): void {
    const ex = this.#exercise;
    if (!ex || this.#attempt || ex.source.media_asset_id !== event.media_asset_id || this.playback.state === 'play') return;
    if (event.status === 'ready') void this.#load(ex);
    else if (event.status === 'failed') {
      this.#cancel();
      this.#set({ state: 'failed', reason: event.error ?? '' });
    }
  }

  /** The signed URL expired mid-video: a fresh one, handed to the player, which resumes in place. */
  async renew(): Promise<void> {
    const ex = this.#exercise;
    if (!ex) return;
    const attempt = this.#attempt;
    try {
      const p = await this.#fetch(ex);
      if (ex !== this.#exercise || attempt?.id !== this.#attempt?.id) return;
      const next = toPlayback(p, ex);
      // An attempt's original became HLS meanwhile: a player of the other kind, not a new URL.
      if (next.state === 'play' && this.playback.state === 'play' && next.kind !== this.playback.kind) return this.#set(next);
      this.#options.onRenewed?.(p.url);
      this.playback = next;
    } catch (error) {
      this.#options.onRenewalFailed?.(error instanceof Error ? error.message : String(error));
    }
  }

  /** "Try again": ask the API afresh (a new signature for uploads), then rebuild the player. */
  async retry(): Promise<void> {
    const ex = this.#exercise;
    if (!ex) return;
    await this.#load(ex);
    this.attempt++;
    this.#host.requestUpdate();
  }
}
