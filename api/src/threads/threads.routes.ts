import { IdParams } from '../contract/common.ts';
import { CreateThreadBody, MarkReadBody, ThreadListQuery, ThreadOps } from '../contract/threads.ts';
import { reply, route } from '../http/route.ts';
import type { ThreadsService } from './threads.service.ts';

export function threadsRoutes(threads: ThreadsService) {
  return [
    route({
      method: 'post', path: '/threads', auth: 'user', body: CreateThreadBody, doc: ThreadOps.create,
      handler: async ({ principal, body }) => {
        const { thread, created } = await threads.create(principal, body.exercise_video_id);
        return reply(created ? 201 : 200, thread, { Location: `/api/v1/threads/${thread.id}` });
      },
    }),
    route({ method: 'get', path: '/threads', auth: 'user', query: ThreadListQuery, doc: ThreadOps.list, handler: ({ principal, query }) => threads.list(principal, query) }),
    route({ method: 'get', path: '/threads/:id', auth: 'user', params: IdParams, doc: ThreadOps.get, handler: ({ principal, params }) => threads.get(principal, params.id) }),
    route({ method: 'post', path: '/threads/:id/read', auth: 'user', params: IdParams, body: MarkReadBody, doc: ThreadOps.markRead, handler: ({ principal, params, body }) => threads.markRead(principal, params.id, body.seq) }),
  ];
}
