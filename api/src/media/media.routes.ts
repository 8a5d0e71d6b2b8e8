import { IdParams } from '../contract/common.ts';
import { CompleteUploadBody, CreateUploadBody, MediaAssetView, PlaylistParams, PlaylistQuery, UploadView } from '../contract/media.ts';
import { route } from '../http/route.ts';
import { mediaHandlers } from './media.handlers.ts';
import type { MediaService } from './media.service.ts';
import type { PlaybackService } from './playback.service.ts';

export function mediaRoutes(media: MediaService, playback: PlaybackService) {
  const h = mediaHandlers(media, playback);
  const tag = 'Media';
  return [
    route({ method: 'post', path: '/media/uploads', tag, auth: 'either', summary: 'Start an upload: signed URLs to PUT each part straight to storage (instructor, or API key naming owner_external_id)', body: CreateUploadBody, responses: { 201: { description: 'The upload and its part URLs', schema: UploadView } }, handler: h.startUpload }),
    route({ method: 'get', path: '/media/uploads/:id', tag, auth: 'either', summary: 'Resume an upload: the parts storage holds, fresh URLs for the rest', params: IdParams, responses: { 200: { description: 'The upload', schema: UploadView } }, handler: h.resumeUpload }),
    route({ method: 'post', path: '/media/uploads/:id/complete', tag, auth: 'either', summary: 'Finish an upload with each part’s ETag; the file is probed, then transcoded in the background', params: IdParams, body: CompleteUploadBody, responses: { 202: { description: 'Accepted for transcoding', schema: MediaAssetView } }, handler: h.completeUpload }),
    route({ method: 'get', path: '/media/:id', tag, auth: 'either', summary: 'A media asset and its status', params: IdParams, responses: { 200: { description: 'The asset', schema: MediaAssetView } }, handler: h.get }),
    route({ method: 'delete', path: '/media/:id', tag, auth: 'either', summary: 'Delete an asset no exercise uses, with its stored files', params: IdParams, responses: { 204: { description: 'Deleted' } }, handler: h.remove }),
    route({ method: 'get', path: '/media/:id/hls/:rendition', tag, auth: 'none', summary: 'An HLS playlist (master or a rendition), signed; reached through the playback URL only', params: PlaylistParams, query: PlaylistQuery, responses: { 200: { description: 'The playlist, every URI in it signed', contentType: 'application/vnd.apple.mpegurl' } }, handler: h.playlist }),
  ];
}
