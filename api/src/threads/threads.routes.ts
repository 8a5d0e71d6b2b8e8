import { IdParams, page } from '../contract/common.ts';
import { CreateThreadBody, MarkReadBody, ThreadListQuery, ThreadView } from '../contract/threads.ts';
import { route } from '../http/route.ts';
import { threadsHandlers } from './threads.handlers.ts';
import type { ThreadsService } from './threads.service.ts';

export function threadsRoutes(threads: ThreadsService) {
  const h = threadsHandlers(threads);
  const tag = 'Threads';
  return [
    route({ method: 'post', path: '/threads', tag, auth: 'user', summary: 'Open the caller’s personal thread on an exercise (learners; an upsert)', body: CreateThreadBody, responses: { 201: { description: 'Created', schema: ThreadView }, 200: { description: 'The caller’s existing thread', schema: ThreadView } }, handler: h.create }),
    route({ method: 'get', path: '/threads', tag, auth: 'user', summary: 'Threads the caller may see: a learner their own, an author every thread of their exercises', query: ThreadListQuery, responses: { 200: { description: 'A page of threads', schema: page(ThreadView) } }, handler: h.list }),
    route({ method: 'get', path: '/threads/:id', tag, auth: 'user', summary: 'One thread', params: IdParams, responses: { 200: { description: 'The thread', schema: ThreadView } }, handler: h.get }),
    route({ method: 'post', path: '/threads/:id/read', tag, auth: 'user', summary: 'Mark the thread read up to a seq', params: IdParams, body: MarkReadBody, responses: { 200: { description: 'The thread', schema: ThreadView } }, handler: h.markRead }),
  ];
}
