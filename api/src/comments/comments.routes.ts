import { z } from 'zod';
import { IdParams, page } from '../contract/common.ts';
import { CommentListQuery, CommentView, CreateCommentBody, PatchCommentBody, ReportBody } from '../contract/comments.ts';
import { route } from '../http/route.ts';
import { commentsHandlers } from './comments.handlers.ts';
import type { CommentsService } from './comments.service.ts';

const ReportCreated = z.object({ id: z.uuid(), status: z.enum(['open', 'dismissed', 'actioned']) });

export function commentsRoutes(comments: CommentsService) {
  const h = commentsHandlers(comments);
  const tag = 'Comments';
  return [
    route({ method: 'get', path: '/threads/:id/comments', tag, auth: 'user', summary: 'The thread’s comments by timecode (keyset pages), or with since_seq every change after a seq, in seq order', params: IdParams, query: CommentListQuery, responses: { 200: { description: 'A page of comments', schema: page(CommentView) } }, handler: h.list }),
    route({
      method: 'post', path: '/comments', tag, auth: 'user', summary: 'Post a comment at a moment or range (owner and exercise authors)', body: CreateCommentBody,
      headers: [{ name: 'Idempotency-Key', description: 'Retries with the same key and body return the first answer; kept for the comment’s life (at least 24 h).' }],
      responses: { 201: { description: 'Created (or the original answer to a retry)', schema: CommentView } }, handler: h.create,
    }),
    route({ method: 'patch', path: '/comments/:id', tag, auth: 'user', summary: 'Edit one’s own comment', params: IdParams, body: PatchCommentBody, responses: { 200: { description: 'The comment', schema: CommentView } }, handler: h.update }),
    route({ method: 'delete', path: '/comments/:id', tag, auth: 'user', summary: 'Delete one’s own comment (it keeps its place, not its body)', params: IdParams, responses: { 204: { description: 'Deleted' } }, handler: h.remove }),
    route({ method: 'post', path: '/comments/:id/reports', tag, auth: 'user', summary: 'Report a comment to the moderators (a participant, not on their own comment)', params: IdParams, body: ReportBody, responses: { 201: { description: 'Reported', schema: ReportCreated }, 200: { description: 'Already reported by the caller', schema: ReportCreated } }, handler: h.report }),
  ];
}
