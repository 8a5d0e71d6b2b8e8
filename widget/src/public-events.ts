import type { CommentView } from './lib/types.ts';
import type { PlaybackErrorDetail, PlaybackErrorKind } from './players/player.ts';

export type { PlaybackErrorDetail, PlaybackErrorKind };

/**
 * The events `<exercise-thread>` fires for its host page, with their details. They bubble and are
 * composed; `el.addEventListener('comment-sent', (e) => e.detail.comment)` is typed by this map.
 */
export interface ExerciseThreadEventMap {
  /** The API refused the token (or it expired before the live channel reconnects) and no `tokenProvider` is set: set a fresh `token`. */
  'token-expired': CustomEvent<Record<string, never>>;
  /** A thread was opened. */
  'thread-changed': CustomEvent<{ threadId: string }>;
  /** The API acknowledged a comment typed here. */
  'comment-sent': CustomEvent<{ comment: CommentView }>;
  /** The video cannot play: `kind` says why, `message` is what the element shows (in its language). */
  'playback-error': CustomEvent<PlaybackErrorDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends ExerciseThreadEventMap {}
}

/** Fires one of the public events from the element. */
export function fire<K extends keyof ExerciseThreadEventMap>(from: EventTarget, name: K, detail: ExerciseThreadEventMap[K]['detail']): void {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
