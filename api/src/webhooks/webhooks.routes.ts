import { IdParams, page } from '../contract/common.ts';
import { CreatedWebhookView, CreateWebhookBody, DeliveryListQuery, DeliveryParams, WebhookDeliveryView, WebhookView } from '../contract/webhooks.ts';
import { route } from '../http/route.ts';
import { webhooksHandlers } from './webhooks.handlers.ts';
import type { WebhooksService } from './webhooks.service.ts';

export function webhooksRoutes(webhooks: WebhooksService) {
  const h = webhooksHandlers(webhooks);
  const tag = 'Webhooks';
  return [
    route({ method: 'post', path: '/webhooks', tag, auth: 'api_key', summary: 'Register an endpoint for events (signed per Standard Webhooks; the secret is shown only here)', body: CreateWebhookBody, responses: { 201: { description: 'Registered', schema: CreatedWebhookView } }, handler: h.create }),
    route({ method: 'get', path: '/webhooks', tag, auth: 'api_key', summary: 'The tenant’s endpoints', responses: { 200: { description: 'Endpoints', schema: page(WebhookView) } }, handler: h.list }),
    route({ method: 'delete', path: '/webhooks/:id', tag, auth: 'api_key', summary: 'Remove an endpoint (its pending deliveries stop)', params: IdParams, responses: { 204: { description: 'Removed' } }, handler: h.remove }),
    route({ method: 'get', path: '/webhooks/:id/deliveries', tag, auth: 'api_key', summary: 'An endpoint’s delivery log, newest first', params: IdParams, query: DeliveryListQuery, responses: { 200: { description: 'A page of deliveries', schema: page(WebhookDeliveryView) } }, handler: h.deliveries }),
    route({ method: 'post', path: '/webhooks/:id/deliveries/:delivery_id/redeliver', tag, auth: 'api_key', summary: 'Send a delivery again, with the same webhook-id', params: DeliveryParams, responses: { 202: { description: 'Queued again', schema: WebhookDeliveryView } }, handler: h.redeliver }),
  ];
}
