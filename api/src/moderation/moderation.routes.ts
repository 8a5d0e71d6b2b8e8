import { IdParams, page } from '../contract/common.ts';
import { CommentView } from '../contract/comments.ts';
import { OptionalReasonBody, ReasonBody, ReportListQuery, ReportView } from '../contract/moderation.ts';
import { route } from '../http/route.ts';
import { moderationHandlers } from './moderation.handlers.ts';
import type { ModerationService } from './moderation.service.ts';

export function moderationRoutes(moderation: ModerationService) {
  const h = moderationHandlers(moderation);
  const tag = 'Moderation';
  return [
    route({ method: 'get', path: '/moderation/reports', tag, auth: 'user', summary: 'Reports to act on (moderators)', query: ReportListQuery, responses: { 200: { description: 'A page of reports', schema: page(ReportView) } }, handler: h.listReports }),
    route({ method: 'post', path: '/moderation/comments/:id/hide', tag, auth: 'user', summary: 'Hide a reported comment (moderators)', params: IdParams, body: ReasonBody, responses: { 200: { description: 'The comment, hidden', schema: CommentView } }, handler: h.hide }),
    route({ method: 'post', path: '/moderation/comments/:id/unhide', tag, auth: 'user', summary: 'Unhide a comment (moderators)', params: IdParams, body: OptionalReasonBody, responses: { 200: { description: 'The comment', schema: CommentView } }, handler: h.unhide }),
    route({ method: 'post', path: '/moderation/reports/:id/dismiss', tag, auth: 'user', summary: 'Dismiss a report (moderators)', params: IdParams, body: OptionalReasonBody, responses: { 204: { description: 'Dismissed' } }, handler: h.dismiss }),
  ];
}
