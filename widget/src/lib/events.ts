import type { PlaybackErrorDetail } from '../players/player.ts';
import type { Drawing, InboxFilters, InboxTarget, NewComment, NewExercise, NotificationPreferences } from './types.ts';

/**
 * Every event the inner elements send up. They bubble and are composed, so `<exercise-thread>`
 * hears them from any depth of shadow DOM; children ask, the top element acts.
 */
export interface EtEventDetails {
  'et-seek-request': { time: number };
  'et-submit-request': NewComment;
  'et-edit-request': { id: string; body: string };
  'et-delete-request': { id: string };
  'et-report-request': { id: string; reason: string };
  'et-reply-request': { id: string };
  'et-retry-request': { key: string };
  'et-typing': { empty: boolean };
  'et-range-change': { start: number | null; end: number | null };
  'et-reply-cancel': Record<string, never>;
  'et-draw-request': Record<string, never>;
  'et-drawing-save': { drawing: Drawing | null };
  'et-drawing-cancel': Record<string, never>;
  'et-comment-focus': { id: string | null };
  'et-time-update': { currentTime: number; duration: number; paused: boolean };
  'et-thread-select': { threadId: string };
  'et-source-expired': { time: number };
  'et-playback-failed': PlaybackErrorDetail;
  'et-playback-retry-request': Record<string, never>;
  'et-exercise-select': { id: string };
  'et-exercise-create-request': NewExercise;
  'et-upload-select': { file: File };
  'et-upload-resume-request': Record<string, never>;
  'et-inbox-open-request': InboxTarget;
  'et-inbox-reply-request': InboxTarget;
  'et-inbox-done-request': { threadId: string };
  'et-inbox-filter-change': InboxFilters;
  'et-inbox-more-request': Record<string, never>;
  'et-snippet-insert': { body: string };
  'et-markers-change': { ids: string[] };
  'et-marker-filter-change': { id: string | null };
  'et-preferences-change-request': Partial<NotificationPreferences>;
  /** The practice controls (handled by the practice controller on the top element). */
  'et-loop-request': { start: number; end: number };
  'et-moment-play-request': { time: number };
  'et-loop-toggle-request': Record<string, never>;
  'et-play-toggle-request': Record<string, never>;
  'et-speed-request': { rate: number };
  'et-frame-step-request': { direction: 1 | -1 };
  'et-mirror-toggle-request': Record<string, never>;
  'et-moment-window-change': { before: number; after: number };
  'et-download-request': { format: ExportFormat };
  'et-grade-save-request': { score: number; comment: string | null };
  'et-grade-resend-request': Record<string, never>;
  /** The recorder's "Send attempt": the take (a recording or a chosen file). */
  'et-attempt-send-request': { file: File };
  /** The owner's confirmed "Delete attempt" (et-attempt-delete): the attempt's id. */
  'et-attempt-delete-request': { id: string };
  /** Side by side (handled by the side-by-side controller and its attempt playback controller on the top element). */
  'et-comment-target-change': { target: 'model' | 'attempt' };
  'et-side-attempt-select': { id: string };
  'et-sync-point-request': { attemptId: string; offset: number };
  'et-attempt-reload-request': Record<string, never>;
  'et-attempt-time-update': { currentTime: number };
}

/** The thread's export formats (GET /threads/:id/export?format=…). */
export type ExportFormat = 'vtt' | 'jsonld' | 'csv';

export type EtEventName = keyof EtEventDetails;
type EtEvents = { [K in EtEventName]: CustomEvent<EtEventDetails[K]> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends EtEvents {}
}

export function emit<K extends EtEventName>(from: EventTarget, name: K, detail: EtEventDetails[K]): boolean {
  return from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: true }));
}
