import { IdParams } from '../contract/common.ts';
import { RosterOps, RosterQuery } from '../contract/roster.ts';
import { route } from '../http/route.ts';
import type { RosterService } from './roster.service.ts';

export function rosterRoutes(roster: RosterService) {
  return [route({ method: 'get', path: '/exercises/:id/roster', auth: 'user', params: IdParams, query: RosterQuery, doc: RosterOps.get, handler: ({ principal, params, query }) => roster.forExercise(principal, params.id, query) })];
}
