import { IdParams } from '../contract/common.ts';
import { CreateWebhookBody, DeliveryListQuery, DeliveryParams, WebhookOps } from '../contract/webhooks.ts';
import { created, reply, route } from '../http/route.ts';
import type { WebhooksService } from './webhooks.service.ts';

export function webhooksRoutes(webhooks: WebhooksService) {
  return [
    route({ method: 'post', path: '/webhooks', auth: 'api_key', body: CreateWebhookBody, doc: WebhookOps.create, handler: async ({ principal, body }) => created(await webhooks.create(principal, body), 'webhooks') }),
    route({ method: 'get', path: '/webhooks', auth: 'api_key', doc: WebhookOps.list, handler: async ({ principal }) => ({ data: await webhooks.list(principal), next_cursor: null }) }),
    route({ method: 'delete', path: '/webhooks/:id', auth: 'api_key', params: IdParams, doc: WebhookOps.remove, handler: ({ principal, params }) => webhooks.remove(principal, params.id) }),
    route({ method: 'get', path: '/webhooks/:id/deliveries', auth: 'api_key', params: IdParams, query: DeliveryListQuery, doc: WebhookOps.deliveries, handler: ({ principal, params, query }) => webhooks.deliveries(principal, params.id, query) }),
    route({
      method: 'post', path: '/webhooks/:id/deliveries/:delivery_id/redeliver', auth: 'api_key', params: DeliveryParams, doc: WebhookOps.redeliver,
      handler: async ({ principal, params }) => reply(202, await webhooks.redeliver(principal, params.id, params.delivery_id)),
    }),
  ];
}
