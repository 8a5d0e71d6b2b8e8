import { IdParams } from '../contract/common.ts';
import { CommentListQuery, CommentOps, CreateCommentBody, PatchCommentBody, ReportBody } from '../contract/comments.ts';
import { idempotencyKey } from '../http/idempotency-key.ts';
import { created, reply, route } from '../http/route.ts';
import type { CommentsService } from './comments.service.ts';

export function commentsRoutes(comments: CommentsService) {
  const ops = CommentOps;
  return [
    route({ method: 'get', path: '/threads/:id/comments', auth: 'user', params: IdParams, query: CommentListQuery, doc: ops.list, handler: ({ principal, params, query }) => comments.list(principal, params.id, query) }),
    route({ method: 'post', path: '/comments', auth: 'user', body: CreateCommentBody, doc: ops.create, handler: async ({ principal, body, headers }) => created(await comments.create(principal, body, idempotencyKey(headers)), 'comments') }),
    route({ method: 'patch', path: '/comments/:id', auth: 'user', params: IdParams, body: PatchCommentBody, doc: ops.update, handler: ({ principal, params, body }) => comments.update(principal, params.id, body) }),
    route({ method: 'delete', path: '/comments/:id', auth: 'user', params: IdParams, doc: ops.remove, handler: ({ principal, params }) => comments.remove(principal, params.id) }),
    route({
      method: 'post', path: '/comments/:id/reports', auth: 'user', params: IdParams, body: ReportBody, doc: ops.report,
      handler: async ({ principal, params, body }) => {
        const report = await comments.report(principal, params.id, body.reason);
        return reply(report.created ? 201 : 200, { id: report.id, status: report.status });
      },
    }),
  ];
}
