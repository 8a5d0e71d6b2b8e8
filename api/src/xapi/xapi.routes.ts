import { PostEventsBody, XapiOps } from '../contract/xapi.ts';
import { route } from '../http/route.ts';
import type { XapiService } from './xapi.service.ts';

export function xapiRoutes(xapi: XapiService) {
  return [
    route({
      method: 'post', path: '/events', auth: 'user', body: PostEventsBody, doc: XapiOps.events,
      handler: ({ principal, body }) => xapi.recordEvents(principal, body.exercise_id, body.events),
    }),
  ];
}
