import { IdParams } from '../contract/common.ts';
import { CreateMarkerBody, CreateSnippetBody, FeedbackListQuery, MarkerOps, PatchMarkerBody, PatchSnippetBody, SnippetOps } from '../contract/feedback.ts';
import { created, route } from '../http/route.ts';
import type { MarkersService, SnippetsService } from './feedback.service.ts';

export function feedbackRoutes(snippets: SnippetsService, markers: MarkersService) {
  return [
    route({ method: 'get', path: '/snippets', auth: 'user', query: FeedbackListQuery, doc: SnippetOps.list, handler: ({ principal, query }) => snippets.list(principal, query) }),
    route({ method: 'post', path: '/snippets', auth: 'user', body: CreateSnippetBody, doc: SnippetOps.create, handler: async ({ principal, body }) => created(await snippets.create(principal, body), 'snippets') }),
    route({ method: 'get', path: '/snippets/:id', auth: 'user', params: IdParams, doc: SnippetOps.get, handler: ({ principal, params }) => snippets.get(principal, params.id) }),
    route({ method: 'patch', path: '/snippets/:id', auth: 'user', params: IdParams, body: PatchSnippetBody, doc: SnippetOps.update, handler: ({ principal, params, body }) => snippets.update(principal, params.id, body) }),
    route({ method: 'delete', path: '/snippets/:id', auth: 'user', params: IdParams, doc: SnippetOps.delete, handler: ({ principal, params }) => snippets.delete(principal, params.id) }),
    route({ method: 'get', path: '/markers', auth: 'user', query: FeedbackListQuery, doc: MarkerOps.list, handler: ({ principal, query }) => markers.list(principal, query) }),
    route({ method: 'post', path: '/markers', auth: 'user', body: CreateMarkerBody, doc: MarkerOps.create, handler: async ({ principal, body }) => created(await markers.create(principal, body), 'markers') }),
    route({ method: 'get', path: '/markers/:id', auth: 'user', params: IdParams, doc: MarkerOps.get, handler: ({ principal, params }) => markers.get(principal, params.id) }),
    route({ method: 'patch', path: '/markers/:id', auth: 'user', params: IdParams, body: PatchMarkerBody, doc: MarkerOps.update, handler: ({ principal, params, body }) => markers.update(principal, params.id, body) }),
    route({ method: 'delete', path: '/markers/:id', auth: 'user', params: IdParams, doc: MarkerOps.delete, handler: ({ principal, params }) => markers.delete(principal, params.id) }),
  ];
}
