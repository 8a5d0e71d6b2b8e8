// The API's shapes, straight from its contract (types only: nothing of zod reaches the bundle).
import type { CommentView, Drawing, DrawingColour, DrawingShape } from '../../../api/src/contract/comments.ts';
import type { ExerciseView } from '../../../api/src/contract/exercises.ts';
import type { MediaAssetView, PlaybackView, UploadView } from '../../../api/src/contract/media.ts';
import type { ThreadView } from '../../../api/src/contract/threads.ts';
import type { MediaStatusEvent } from '../../../api/src/contract/live-events.ts';
import type { InboxCourseView, InboxItemView } from '../../../api/src/contract/inbox.ts';
import type { CommentMarkerView, MarkerView, SnippetView } from '../../../api/src/contract/feedback.ts';
import type { NotificationPreferences } from '../../../api/src/contract/notifications.ts';
import type { PlayerEvent } from '../../../api/src/contract/xapi.ts';
import type { GradeEvent, GradeView } from '../../../api/src/contract/grades.ts';
import type { RosterLearnerView, RosterView } from '../../../api/src/contract/roster.ts';
import type { AttemptCreated, AttemptDeletedEvent, AttemptPlaybackView, AttemptView } from '../../../api/src/contract/attempts.ts';
import type { SourceKind } from '../players/player.ts';

export type { Drawing, DrawingColour, DrawingShape };
export type { CommentView, ExerciseView, MediaAssetView, MediaStatusEvent, NotificationPreferences, PlaybackView, ThreadView, UploadView };
export type { CommentMarkerView, GradeEvent, GradeView, InboxCourseView, InboxItemView, MarkerView, SnippetView };
export type { PlayerEvent };
export type { RosterLearnerView, RosterView };
export type { AttemptCreated, AttemptDeletedEvent, AttemptPlaybackView, AttemptView };

/** What the attempt's side of side by side plays: resolved from GET /attempts/:id/playback for attempt `id`. */
export interface AttemptSource {
  id: string;
  kind: SourceKind;
  src: string;
  frameRate: number | null;
}


/** A new exercise's video, as the form gives it (an upload is named by its finished asset). */
export type NewExerciseSource = { type: 'youtube' | 'url'; url: string } | { type: 'upload'; media_asset_id: string };

export interface NewExercise {
  title: string;
  description: string;
  source: NewExerciseSource;
}

/** Where an upload stands, as `<et-upload>` shows it. */
export interface UploadProgress {
  state: 'idle' | 'uploading' | 'paused' | 'done';
  fileName: string;
  loaded: number;
  total: number;
  /** Why it stopped (paused), if it did. */
  error?: string;
}

/** A comment as the list shows it: from the server, or still in the outbox. */
export interface DisplayComment extends CommentView {
  /** Set while the comment is only in the outbox. */
  pending?: 'sending' | 'failed';
  /** Why the last attempt failed. */
  error?: string;
  /** The outbox entry's idempotency key, for a retry. */
  outboxKey?: string;
}

export interface NewComment {
  body: string;
  t_start: number;
  t_end: number | null;
  parent_id: string | null;
  /** Shapes drawn on the paused frame; absent or null when none. */
  drawing?: Drawing | null;
  /** The markers to attach (sent as `marker_ids`); shown on the pending comment by their colour. */
  marker_ids?: string[];
  markers?: CommentMarkerView[];
  /** The attempt commented on (absent or null: the model video). */
  attempt_id?: string | null;
}

/** A thread picked in the inbox: where it opens (its oldest unanswered comment, if any). */
export interface InboxTarget {
  threadId: string;
  exerciseId: string;
  commentId: string | null;
  time: number | null;
}

/** What the inbox is narrowed to (the API's query names). */
export interface InboxFilters {
  exercise_id?: string | undefined;
  context_id?: string | undefined;
  q?: string | undefined;
}
