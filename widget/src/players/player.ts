/** What the widget needs from any player: HTML5 video, HLS through hls.js, or YouTube. */
export interface PlayerAdapter {
  play(): Promise<void>;
  pause(): void;
  seek(seconds: number): void;
  readonly currentTime: number;
  /** Seconds; NaN until known. */
  readonly duration: number;
  readonly paused: boolean;
  /** Called on every time, duration or play-state change. Returns an unsubscribe function. */
  onTimeUpdate(listener: () => void): () => void;
  /** Called once the source cannot play (after any recovery the adapter tries itself). */
  onError(listener: (kind: PlaybackErrorKind) => void): () => void;
  destroy(): void;
  /** Playback speed, 1 being normal; pitch is kept where the player can keep it. */
  playbackRate: number;
  /** The speeds this player offers, slowest first (YouTube: the ones its player reports). */
  readonly playbackRates: readonly number[];
  /**
   * `exact`: a frame step lands on the next decoded frame (given the frame rate); `approximate`:
   * the player can only seek by time, so a step is 1/30 s and may skip or repeat a frame (YouTube).
   */
  readonly frameStep: 'exact' | 'approximate';
  /**
   * Pauses, then moves one frame back (-1) or forward (1) at `fps` frames per second; resolves with
   * the new time once the frame is shown (or, where the player cannot tell, once it was asked).
   */
  stepFrame(direction: 1 | -1, fps: number): Promise<number>;
  /** Mirrored: the adapter hides what would read backwards in a flipped frame (controls, captions). */
  setMirrored(on: boolean): void;
}

/** The speeds the element offers (YouTube narrows them to what its player reports). */
export const PLAYBACK_RATES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2] as const;

/** A frame step when the frame rate is unknown (labelled approximate). */
export const FALLBACK_FPS = 30;

/** Why a video cannot play: the same five reasons from every adapter. */
export type PlaybackErrorKind = 'not-found' | 'forbidden' | 'network' | 'decode' | 'unsupported';

/** `playback-error`'s detail: the reason, and the message the element shows for it. */
export interface PlaybackErrorDetail {
  kind: PlaybackErrorKind;
  message: string;
}

/** An HTTP status (0: no answer, CORS refusal included) as a reason. */
export function kindOfStatus(status: number | undefined): PlaybackErrorKind {
  if (status === 404 || status === 410) return 'not-found';
  if (status === 401 || status === 403) return 'forbidden';
  return 'network';
}

/** The IFrame Player API's script; configurable so tests serve a stand-in. */
export const YOUTUBE_API_URL = 'https://www.youtube.com/iframe_api';

export type SourceKind = 'youtube' | 'hls' | 'file';

/** Picks the player for a source: YouTube by id, HLS by extension or MIME hint, else a plain file. */
export function sourceKind(source: { type: string; url?: string | null; youtube_id?: string | null }): SourceKind {
  if (source.type === 'youtube' || source.youtube_id) return 'youtube';
  const url = source.url ?? '';
  return /\.m3u8(\?|#|$)/i.test(url) ? 'hls' : 'file';
}

/** A tiny listener set shared by the adapters. */
export class Listeners<A extends unknown[] = []> {
  private readonly set = new Set<(...args: A) => void>();
  add(fn: (...args: A) => void): () => void {
    this.set.add(fn);
    return () => this.set.delete(fn);
  }
  fire = (...args: A): void => {
    for (const fn of this.set) fn(...args);
  };
  clear(): void {
    this.set.clear();
  }
}
