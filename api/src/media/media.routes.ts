import { IdParams } from '../contract/common.ts';
import { MediaOps, PlaybackOps, PlaylistParams, PlaylistQuery, completeUploadBody, createUploadBody, type UploadLimits } from '../contract/media.ts';
import { created, reply, route } from '../http/route.ts';
import type { MediaService } from './media.service.ts';
import type { PlaybackService } from './playback.service.ts';

// The token is the capability (players send no Authorization), so any origin may read a playlist,
// refusals included: a player must see the 403 of an expired token to ask for a fresh URL
// (unreadable, it is a status-0 network error). The signed URLs inside expire, so nothing may cache it.
const PLAYLIST_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Cache-Control': 'private, no-store',
};

export function mediaRoutes(media: MediaService, playback: PlaybackService, limits: UploadLimits) {
  const ops = MediaOps;
  return [
    route({ method: 'post', path: '/media/uploads', auth: 'either', body: createUploadBody(limits), doc: ops.startUpload, handler: async ({ principal, body }) => created(await media.startUpload(principal, body), 'media/uploads') }),
    route({ method: 'get', path: '/media/uploads/:id', auth: 'either', params: IdParams, doc: ops.resumeUpload, handler: ({ principal, params }) => media.resumeUpload(principal, params.id) }),
    route({ method: 'post', path: '/media/uploads/:id/complete', auth: 'either', params: IdParams, body: completeUploadBody(limits), doc: ops.completeUpload, handler: ({ principal, params, body }) => media.completeUpload(principal, params.id, body.parts) }),
    route({ method: 'get', path: '/media/:id', auth: 'either', params: IdParams, doc: ops.get, handler: ({ principal, params }) => media.get(principal, params.id) }),
    route({ method: 'delete', path: '/media/:id', auth: 'either', params: IdParams, doc: ops.remove, handler: ({ principal, params }) => media.remove(principal, params.id) }),
    route({ method: 'get', path: '/media/:id/hls/:rendition', auth: 'none', params: PlaylistParams, query: PlaylistQuery, doc: ops.playlist, responseHeaders: PLAYLIST_HEADERS, handler: async ({ params, query }) => reply(200, await playback.playlist(params.id, params.rendition, query.token), { 'Content-Type': 'application/vnd.apple.mpegurl' }) }),
  ];
}

export function playbackRoutes(playback: PlaybackService) {
  return [
    route({ method: 'get', path: '/exercises/:id/playback', auth: 'either', params: IdParams, doc: PlaybackOps.playback, responseHeaders: { 'Cache-Control': 'private, no-store' }, handler: ({ principal, params }) => playback.forExercise(principal, params.id) }),
  ];
}
