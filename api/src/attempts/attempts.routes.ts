import { IdParams } from '../contract/common.ts';
import { AttemptListQuery, AttemptOps, PatchAttemptBody, createAttemptBody } from '../contract/attempts.ts';
import type { UploadLimits } from '../contract/media.ts';
import { idempotencyKey } from '../http/idempotency-key.ts';
import { reply, route } from '../http/route.ts';
import type { AttemptsService } from './attempts.service.ts';

export function attemptsRoutes(attempts: AttemptsService, limits: UploadLimits) {
  const ops = AttemptOps;
  return [
    route({
      method: 'post', path: '/threads/:id/attempts', auth: 'user', params: IdParams, body: createAttemptBody(limits), doc: ops.create,
      // A replay (same Idempotency-Key and request) answers as the first did: 201, as POST /comments does.
      handler: async ({ principal, params, body, headers }) => {
        const created = await attempts.create(principal, params.id, body, idempotencyKey(headers));
        return reply(201, created, { Location: `/api/v1/attempts/${created.attempt.id}` });
      },
    }),
    route({ method: 'get', path: '/threads/:id/attempts', auth: 'user', params: IdParams, query: AttemptListQuery, doc: ops.list, handler: ({ principal, params, query }) => attempts.list(principal, params.id, query) }),
    route({ method: 'get', path: '/attempts/:id', auth: 'user', params: IdParams, doc: ops.get, handler: ({ principal, params }) => attempts.get(principal, params.id) }),
    route({ method: 'patch', path: '/attempts/:id', auth: 'user', params: IdParams, body: PatchAttemptBody, doc: ops.update, handler: ({ principal, params, body }) => attempts.setSyncOffset(principal, params.id, body.sync_offset) }),
    route({ method: 'delete', path: '/attempts/:id', auth: 'user', params: IdParams, doc: ops.remove, handler: ({ principal, params }) => attempts.remove(principal, params.id) }),
    route({
      method: 'get', path: '/attempts/:id/playback', auth: 'user', params: IdParams, doc: ops.playback, responseHeaders: { 'Cache-Control': 'private, no-store' },
      handler: ({ principal, params }) => attempts.playback(principal, params.id),
    }),
  ];
}
