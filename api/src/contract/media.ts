import { z } from 'zod';
import { Id, Text, Timestamp, TrimmedText, operations } from './common.ts';

export const MEDIA_STATUSES = ['pending', 'uploaded', 'processing', 'ready', 'failed'] as const;

/** S3 allows 10,000 parts to an upload. */
const MAX_PARTS = 10_000;

/** The server's upload limits (MEDIA_MAX_BYTES, MEDIA_PART_BYTES): the document states them as maxima. */
export interface UploadLimits {
  maxBytes: number;
  partBytes: number;
}

/**
 * `size` is at most the largest upload this server takes. The service refuses more with a 413
 * (payload-too-large, as before), so the schema only states the maximum for the document.
 */
export const createUploadBody = (limits: UploadLimits) =>
  z.strictObject({
    file_name: TrimmedText(255),
    size: z.int().positive().meta({ maximum: limits.maxBytes, description: 'Bytes; more than `maximum` (MEDIA_MAX_BYTES) is refused with a 413.' }),
    content_type: z.string().max(255).regex(/^video\/[A-Za-z0-9.+-]+$/, 'Must be a video type, such as video/mp4.'),
    /** With an API key: the instructor who owns the upload. */
    owner_external_id: Text().min(1).max(255).optional(),
  });

/**
 * An upload has at most as many parts as its largest size needs (parts grow past MEDIA_PART_BYTES
 * only beyond 10,000), and an ETag is an RFC 9110 entity tag of at most 96 characters, quoted or not
 * (storage's are a quoted hex digest). So the largest body the schema admits (256 parts of at most
 * ~135 bytes with the defaults) fits the JSON body limit, and a client keeping to it meets no 413.
 */
export const completeUploadBody = (limits: UploadLimits) => {
  const parts = Math.min(MAX_PARTS, Math.ceil(limits.maxBytes / limits.partBytes));
  return z.strictObject({
    parts: z
      .array(z.strictObject({ part_number: z.int().min(1).max(parts), etag: z.string().regex(/^"?[!#-[\]-~]{1,96}"?$/, 'Must be the ETag storage answered.') }))
      .min(1)
      .max(parts),
  });
};

export const UploadView = z
  .object({
    id: Id,
    status: z.enum(MEDIA_STATUSES),
    size: z.int(),
    part_size: z.int(),
    part_count: z.int(),
    /** A fresh signed URL per part: PUT the part's bytes, keep the response's ETag. */
    parts: z.array(z.object({ part_number: z.int(), url: z.string() })),
    /** Parts storage already holds (resume skips them); null when storage cannot list them. */
    uploaded_parts: z.array(z.object({ part_number: z.int(), etag: z.string(), size: z.int() })).nullable(),
    expires_at: Timestamp,
  })
  .meta({ id: 'Upload' });

export const Rendition = z.object({ name: z.string(), width: z.int(), height: z.int(), bandwidth: z.int() });

export const MediaAssetView = z
  .object({
    id: Id,
    owner_id: Id,
    file_name: z.string(),
    content_type: z.string(),
    size: z.int(),
    status: z.enum(MEDIA_STATUSES),
    /** Why it failed, or why it waits (transcoding unavailable). */
    error: z.string().nullable(),
    /** Seconds, once probed. */
    duration: z.number().nullable(),
    /** Frames per second, once probed; null when unknown (players then step 1/30 s, approximately). */
    frame_rate: z.number().nullable(),
    renditions: z.array(Rendition),
    transcoding: z.enum(['available', 'unavailable']),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'MediaAsset' });

export const PlaybackView = z
  .object({
    type: z.enum(['hls', 'mp4', 'youtube']),
    url: z.string(),
    poster: z.string().optional(),
    expires_at: Timestamp.optional(),
    /** Frames per second from the media probe (uploads); null when unknown (YouTube, outside URLs). */
    frame_rate: z.number().nullable(),
  })
  .meta({ id: 'Playback' });

export const PlaylistParams = z.object({ id: Id, rendition: z.string().regex(/^(master|\d{2,4}p)$/) });
export const PlaylistQuery = z.object({ token: z.string().max(200).optional() });

export type UploadView = z.infer<typeof UploadView>;
export type MediaAssetView = z.infer<typeof MediaAssetView>;
export type PlaybackView = z.infer<typeof PlaybackView>;
export type RenditionView = z.infer<typeof Rendition>;

export const MediaOps = operations('Media', {
  startUpload: {
    summary: 'Start an upload: signed URLs to PUT each part straight to storage (instructor, or API key naming owner_external_id)',
    responses: { 201: { description: 'The upload and its part URLs', schema: UploadView } },
  },
  resumeUpload: {
    summary: 'Resume an upload: the parts storage holds, fresh URLs for the rest',
    responses: { 200: { description: 'The upload', schema: UploadView }, 409: { description: 'The upload is already complete', problems: ['conflict'] } },
  },
  completeUpload: {
    summary: 'Finish an upload with each part’s ETag; the file is probed, then transcoded in the background',
    responses: {
      202: { description: 'Accepted for transcoding', schema: MediaAssetView },
      409: { description: 'The upload is already complete', problems: ['conflict'] },
      422: { description: 'A part is missing, or the file is not a video (`not-a-video`: its bytes are removed)', problems: ['validation-failed', 'not-a-video'] },
    },
  },
  get: { summary: 'A media asset and its status', responses: { 200: { description: 'The asset', schema: MediaAssetView } } },
  remove: {
    summary: 'Delete an asset no exercise uses, with its stored files',
    responses: { 204: { description: 'Deleted' }, 409: { description: 'An exercise uses this video', problems: ['conflict'] } },
  },
  playlist: {
    summary: 'An HLS playlist (master or a rendition), signed; reached through the playback URL only',
    responses: {
      200: { description: 'The playlist, every URI in it signed', contentType: 'application/vnd.apple.mpegurl', schema: z.string() },
      403: { description: 'The playback token is missing, expired or not for this asset', problems: ['forbidden'] },
    },
  },
});

export const PlaybackOps = operations('Exercises', {
  playback: {
    summary: 'How to play the exercise’s video: a short-lived signed HLS URL for uploads; ask again when it expires',
    responses: {
      200: { description: 'What to play', schema: PlaybackView },
      409: {
        description: 'The uploaded video is not playable: `media-processing` while it is uploaded or transcoded (ask again later), `media-failed` when transcoding gave up',
        problems: ['media-processing', 'media-failed'],
      },
    },
  },
});
