import { IdParams } from '../contract/common.ts';
import { PrivacyOps } from '../contract/privacy.ts';
import { reply, route } from '../http/route.ts';
import type { PrivacyService } from './privacy.service.ts';

const accepted = (body: { id: string }, collection: string) => reply(202, body, { Location: `/api/v1/${collection}/${body.id}` });

export function privacyRoutes(privacy: PrivacyService) {
  return [
    route({
      method: 'delete', path: '/users/:id', auth: 'api_key', params: IdParams, doc: PrivacyOps.erase,
      handler: async ({ principal, params }) => accepted((await privacy.requestErasure(principal, params.id)).erasure, 'erasures'),
    }),
    route({ method: 'get', path: '/erasures/:id', auth: 'api_key', params: IdParams, doc: PrivacyOps.erasure, handler: ({ principal, params }) => privacy.getErasure(principal, params.id) }),
    route({
      method: 'post', path: '/me/export', auth: 'user', doc: PrivacyOps.exportMine,
      handler: async ({ principal }) => accepted(await privacy.requestExport(principal, principal.userId), 'exports'),
    }),
    route({
      method: 'post', path: '/users/:id/export', auth: 'api_key', params: IdParams, doc: PrivacyOps.exportUser,
      handler: async ({ principal, params }) => accepted(await privacy.requestExport(principal, params.id), 'exports'),
    }),
    route({ method: 'get', path: '/exports/:id', auth: 'either', params: IdParams, doc: PrivacyOps.export, handler: ({ principal, params }) => privacy.getExport(principal, params.id) }),
  ];
}
