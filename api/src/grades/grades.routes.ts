import { IdParams } from '../contract/common.ts';
import { GradeBody, GradeOps } from '../contract/grades.ts';
import { route } from '../http/route.ts';
import type { GradesService } from './grades.service.ts';

export function gradesRoutes(grades: GradesService) {
  return [
    route({ method: 'get', path: '/threads/:id/grade', auth: 'user', params: IdParams, doc: GradeOps.get, handler: ({ principal, params }) => grades.get(principal, params.id) }),
    route({ method: 'put', path: '/threads/:id/grade', auth: 'user', params: IdParams, body: GradeBody, doc: GradeOps.set, handler: ({ principal, params, body }) => grades.set(principal, params.id, body) }),
    route({ method: 'post', path: '/threads/:id/grade/resend', auth: 'user', params: IdParams, doc: GradeOps.resend, handler: ({ principal, params }) => grades.resend(principal, params.id) }),
  ];
}
