import { IdParams } from '../contract/common.ts';
import { InboxOps, InboxQuery } from '../contract/inbox.ts';
import { route } from '../http/route.ts';
import type { InboxService } from './inbox.service.ts';

export function inboxRoutes(inbox: InboxService) {
  return [
    route({ method: 'get', path: '/inbox', auth: 'user', query: InboxQuery, doc: InboxOps.list, handler: ({ principal, query }) => inbox.list(principal, query) }),
    route({ method: 'get', path: '/inbox/courses', auth: 'user', doc: InboxOps.courses, handler: async ({ principal }) => ({ data: await inbox.courses(principal) }) }),
    route({ method: 'post', path: '/threads/:id/done', auth: 'user', params: IdParams, doc: InboxOps.done, handler: ({ principal, params }) => inbox.done(principal, params.id) }),
  ];
}
