import { IdParams } from '../contract/common.ts';
import { RosterOps } from '../contract/roster.ts';
import { route } from '../http/route.ts';
import type { RosterService } from './roster.service.ts';

export function rosterRoutes(roster: RosterService) {
  return [route({ method: 'get', path: '/exercises/:id/roster', auth: 'user', params: IdParams, doc: RosterOps.get, handler: ({ principal, params }) => roster.forExercise(principal, params.id) })];
}
