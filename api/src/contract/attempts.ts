import { z } from 'zod';
import { Cursor, Id, Timestamp, TrimmedText, operations, page } from './common.ts';
import { MEDIA_STATUSES, UploadView, type UploadLimits } from './media.ts';

/**
 * A learner's own attempt at the exercise, in their thread: a video they recorded or chose, owned
 * by them, seen exactly by the thread's audience (its owner and the exercise's authors).
 */

/** The most a sync offset may be, either way: one day, in seconds. */
export const MAX_SYNC_OFFSET_S = 86_400;

/**
 * The most bytes a second of attempt may take when the exercise limits its length: 8 MB/s (64
 * Mbit/s, above what phones record at 4K). A file larger than `max_attempt_seconds` × this is
 * refused before a byte is sent (413).
 */
export const ATTEMPT_MAX_BYTES_PER_SECOND = 8_000_000;

/** `POST /threads/:id/attempts`: what `/media/uploads` takes, without an owner (it is the thread's). */
export const createAttemptBody = (limits: UploadLimits) =>
  z.strictObject({
    file_name: TrimmedText(255),
    size: z.int().positive().meta({
      maximum: limits.maxBytes,
      description: 'Bytes; more than `maximum` (MEDIA_MAX_BYTES), or more than the exercise’s max_attempt_seconds × 8,000,000, is refused with a 413.',
    }),
    content_type: z.string().max(255).regex(/^video\/[A-Za-z0-9.+-]+$/, 'Must be a video type, such as video/mp4 or video/webm.'),
  });

export const PatchAttemptBody = z.strictObject({
  sync_offset: z
    .number({ message: 'Must be a number of seconds.' })
    .finite({ message: 'Must be a finite number.' })
    .min(-MAX_SYNC_OFFSET_S, { message: `Must be at least -${MAX_SYNC_OFFSET_S}.` })
    .max(MAX_SYNC_OFFSET_S, { message: `Must be at most ${MAX_SYNC_OFFSET_S}.` })
    .meta({ description: 'Seconds, the attempt’s time minus the model’s at the same moment (rounded to the millisecond).' }),
});

export const AttemptListQuery = z.strictObject({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AttemptView = z
  .object({
    id: Id,
    thread_id: Id,
    /** 1, 2, … within the thread, in the order they were added (the next is the highest + 1: deleting the latest frees its number). */
    number: z.int(),
    media_asset_id: Id,
    /** The media's processing state: pending (uploading), uploaded (probed), processing (transcoding), ready (HLS), failed. */
    status: z.enum(MEDIA_STATUSES),
    /** Why it failed (too long, not a video, transcoding gave up); null otherwise. */
    error: z.string().nullable(),
    /** Seconds, once probed (right after the upload completes); comments on the attempt wait for it. */
    duration: z.number().nullable(),
    /** Frames per second from the probe; null when unknown. */
    frame_rate: z.number().nullable(),
    /** Seconds, the attempt’s time minus the model’s at the same moment (0 until set). */
    sync_offset: z.number(),
    /** Whether GET /attempts/:id/playback answers now: the original while transcoding runs, then HLS. */
    playable: z.boolean(),
    /** When an exercise author first commented on it; null while it awaits feedback. The owner may delete it only while null. */
    feedback_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Attempt' });

export const AttemptCreated = z
  .object({
    attempt: AttemptView,
    /**
     * The same multipart upload as POST /media/uploads answers: PUT the parts, then POST /media/uploads/:id/complete.
     * On a retry with the same Idempotency-Key: as GET /media/uploads/:id answers (the parts storage holds), or with no parts once complete.
     */
    upload: UploadView,
  })
  .meta({ id: 'AttemptCreated' });

export const AttemptPlaybackView = z
  .object({
    /** `original`: the uploaded file itself, while the HLS ladder is made; `hls`: the ladder, once ready. */
    kind: z.enum(['original', 'hls']),
    /** How to play `url`: `hls` (a master playlist), or a progressive file, `mp4` or `webm`. */
    type: z.enum(['hls', 'mp4', 'webm']),
    url: z.string(),
    /** The original's MIME type (`video/mp4`, `video/webm`); null for HLS. */
    content_type: z.string().nullable(),
    poster: z.string().optional(),
    expires_at: Timestamp,
    /** Seconds, from the probe. */
    duration: z.number().nullable(),
    frame_rate: z.number().nullable(),
  })
  .meta({ id: 'AttemptPlayback' });

/** `attempt:deleted`: which attempt of which thread is gone (its comments and files with it). */
export const AttemptDeletedEvent = z.object({ id: Id, thread_id: Id, number: z.int() });

export type AttemptView = z.infer<typeof AttemptView>;
export type AttemptCreated = z.infer<typeof AttemptCreated>;
export type AttemptPlaybackView = z.infer<typeof AttemptPlaybackView>;
export type AttemptDeletedEvent = z.infer<typeof AttemptDeletedEvent>;

const PROCESSING = {
  description: 'Not playable yet: `media-processing` while it uploads, or while it transcodes when the original is not a format browsers play (ask again later); `media-failed` when it failed',
  problems: ['media-processing', 'media-failed'],
};

export const AttemptOps = operations('Attempts', {
  create: {
    summary: 'Add an attempt to the caller’s own thread: the attempt and its multipart upload (the thread’s owner only)',
    headers: [
      {
        name: 'Idempotency-Key',
        description:
          'One per take, sent again on every retry: the same key and body answer the same attempt again (201, no second attempt, not counted against max_attempts), with its upload as it is now (the parts storage holds, fresh URLs for the rest; none once complete). The key is the caller’s own; used for a different request: 422 on `Idempotency-Key`. Kept for the attempt’s life.',
      },
    ],
    responses: {
      201: { description: 'The attempt (status pending) and its upload; or, for a retry with the same Idempotency-Key, the same attempt and its upload now', schema: AttemptCreated },
      422: { description: 'A field is invalid, or the Idempotency-Key was used for a different request; `errors` names each', problems: ['validation-failed'] },
      409: { description: 'The exercise’s max_attempts is reached (attempts that failed do not count)', problems: ['attempt-limit-reached'] },
      413: { description: 'Larger than the server takes, or than max_attempt_seconds implies', problems: ['payload-too-large'] },
    },
  },
  list: {
    summary: 'The thread’s attempts, by number (the thread’s owner and the exercise’s authors)',
    responses: { 200: { description: 'A page of attempts', schema: page(AttemptView) } },
  },
  get: { summary: 'One attempt', responses: { 200: { description: 'The attempt', schema: AttemptView } } },
  update: { summary: 'Set the attempt’s sync offset (the thread’s owner or an exercise author)', responses: { 200: { description: 'The attempt', schema: AttemptView } } },
  remove: {
    summary: 'Delete an attempt, its comments and its stored files (the owner, while no author has commented on it)',
    responses: { 204: { description: 'Deleted' }, 409: { description: 'An author has commented on it: only erasure removes it now', problems: ['attempt-has-feedback'] } },
  },
  playback: {
    summary: 'How to play the attempt: its original file while the HLS ladder is made (when browsers play it), then HLS; signed, short-lived',
    responses: { 200: { description: 'What to play', schema: AttemptPlaybackView }, 409: PROCESSING },
  },
});
