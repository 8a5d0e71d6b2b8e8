import { IdParams } from '../contract/common.ts';
import { ModerationOps, OptionalReasonBody, ReasonBody, ReportListQuery } from '../contract/moderation.ts';
import { route } from '../http/route.ts';
import type { ModerationService } from './moderation.service.ts';

export function moderationRoutes(moderation: ModerationService) {
  const ops = ModerationOps;
  return [
    route({ method: 'get', path: '/moderation/reports', auth: 'user', query: ReportListQuery, doc: ops.listReports, handler: ({ principal, query }) => moderation.listReports(principal, query) }),
    route({ method: 'post', path: '/moderation/comments/:id/hide', auth: 'user', params: IdParams, body: ReasonBody, doc: ops.hide, handler: ({ principal, params, body }) => moderation.hide(principal, params.id, body.reason) }),
    route({ method: 'post', path: '/moderation/comments/:id/unhide', auth: 'user', params: IdParams, body: OptionalReasonBody, doc: ops.unhide, handler: ({ principal, params, body }) => moderation.unhide(principal, params.id, body?.reason) }),
    route({ method: 'post', path: '/moderation/reports/:id/dismiss', auth: 'user', params: IdParams, body: OptionalReasonBody, doc: ops.dismiss, handler: ({ principal, params, body }) => moderation.dismiss(principal, params.id, body?.reason) }),
  ];
}
