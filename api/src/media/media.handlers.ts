import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { IdParams } from '../contract/common.ts';
import type { CompleteUploadBody, CreateUploadBody, PlaylistParams, PlaylistQuery } from '../contract/media.ts';
import { principalOf } from '../http/authenticate.ts';
import type { MediaService } from './media.service.ts';
import type { PlaybackService } from './playback.service.ts';
import { sendJson } from '../http/send-json.ts';

type In<P = unknown, Q = unknown, B = unknown> = { params: P; query: Q; body: B };
type Id = z.output<typeof IdParams>;

export function mediaHandlers(media: MediaService, playback: PlaybackService) {
  return {
    async startUpload({ body }: In<unknown, unknown, z.output<typeof CreateUploadBody>>, _req: Request, res: Response) {
      const upload = await media.startUpload(principalOf(res), body);
      sendJson(res, 201, upload, { Location: `/api/v1/media/uploads/${upload.id}` });
    },
    async resumeUpload({ params }: In<Id>, _req: Request, res: Response) {
      sendJson(res, 200, await media.resumeUpload(principalOf(res), params.id));
    },
    async completeUpload({ params, body }: In<Id, unknown, z.output<typeof CompleteUploadBody>>, _req: Request, res: Response) {
      sendJson(res, 202, await media.completeUpload(principalOf(res), params.id, body.parts));
    },
    async get({ params }: In<Id>, _req: Request, res: Response) {
      sendJson(res, 200, await media.get(principalOf(res), params.id));
    },
    async remove({ params }: In<Id>, _req: Request, res: Response) {
      await media.remove(principalOf(res), params.id);
      res.status(204).end();
    },
    async playlist({ params, query }: In<z.output<typeof PlaylistParams>, z.output<typeof PlaylistQuery>>, _req: Request, res: Response) {
      // The token is the capability (players send no Authorization), so any origin may read it,
      // refusals included: a player must see the 403 of an expired token to ask for a fresh URL
      // (unreadable, it is a status-0 network error). The signed URLs inside expire, so nothing
      // may cache it past that.
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      res.setHeader('Cache-Control', 'private, no-store');
      const text = await playback.playlist(params.id, params.rendition, query.token);
      res.type('application/vnd.apple.mpegurl').send(text);
    },
    async playback({ params }: In<Id>, _req: Request, res: Response) {
      res.setHeader('Cache-Control', 'private, no-store');
      sendJson(res, 200, await playback.forExercise(principalOf(res), params.id));
    },
  };
}
