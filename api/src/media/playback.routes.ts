import { IdParams } from '../contract/common.ts';
import { PlaybackView } from '../contract/media.ts';
import { route } from '../http/route.ts';
import { mediaHandlers } from './media.handlers.ts';
import type { MediaService } from './media.service.ts';
import type { PlaybackService } from './playback.service.ts';

export function playbackRoutes(media: MediaService, playback: PlaybackService) {
  const h = mediaHandlers(media, playback);
  return [
    route({ method: 'get', path: '/exercises/:id/playback', tag: 'Exercises', auth: 'either', summary: 'How to play the exercise’s video: a short-lived signed HLS URL for uploads; ask again when it expires', params: IdParams, responses: { 200: { description: 'What to play', schema: PlaybackView } }, handler: h.playback }),
  ];
}
