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
  destroy(): void;
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
export class Listeners {
  private readonly set = new Set<() => void>();
  add(fn: () => void): () => void {
    this.set.add(fn);
    return () => this.set.delete(fn);
  }
  fire = (): void => {
    for (const fn of this.set) fn();
  };
  clear(): void {
    this.set.clear();
  }
}
