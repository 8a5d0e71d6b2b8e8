import { z } from 'zod';
import { Cursor, Id, operations, page, Timestamp } from './common.ts';

export const WEBHOOK_EVENT_TYPES = ['comment.created', 'comment.updated', 'thread.awaiting_reply', 'media.ready', 'grade.updated', 'attempt.created', 'attempt.deleted'] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

const B64 = '[A-Za-z0-9+/]';
/** whsec_ and 24 to 64 bytes in base64: 32 characters (24 bytes), then up to 21 groups of 4 in all, the last one padded. */
const WEBHOOK_SECRET = new RegExp(`^whsec_${B64}{32}((${B64}{4}){0,12}(${B64}{4}|${B64}{3}=|${B64}{2}==)?|(${B64}{4}){13}(${B64}{2}==)?)$`);

export const CreateWebhookBody = z.strictObject({
  url: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/[^\s]+$/, 'Must be an https URL.')
    .meta({ description: 'An https URL on a public address, without credentials (http and private addresses only where WEBHOOKS_ALLOW_PRIVATE_URLS is set); checked when registered.' }),
  secret: z
    .string()
    .regex(WEBHOOK_SECRET, 'Must be whsec_ followed by 24 to 64 bytes in base64 (or leave it out and one is made).')
    .optional()
    .meta({ description: 'whsec_ and 24 to 64 random bytes in base64; made for you when left out.' }),
  event_types: z.array(WebhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length),
});

export const WebhookView = z
  .object({ id: Id, url: z.string(), event_types: z.array(WebhookEventType), created_at: Timestamp })
  .meta({ id: 'Webhook' });

export const CreatedWebhookView = WebhookView.extend({
  secret: z.string().meta({ description: 'The signing secret (Standard Webhooks): shown only in this answer.' }),
}).meta({ id: 'CreatedWebhook' });

export const WebhookDeliveryView = z
  .object({
    id: z.string().meta({ description: 'The webhook-id header: the same on every attempt and redelivery.' }),
    event_type: WebhookEventType,
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.int(),
    last_status_code: z.int().nullable(),
    last_error: z.string().nullable(),
    last_attempt_at: Timestamp.nullable(),
    created_at: Timestamp,
    payload: z.object({ type: WebhookEventType, timestamp: Timestamp, data: z.record(z.string(), z.unknown()) }),
  })
  .meta({ id: 'WebhookDelivery' });

export const DeliveryParams = z.object({ id: Id, delivery_id: z.string().regex(/^msg_[A-Za-z0-9_-]{10,40}$/) });

export const DeliveryListQuery = z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const WebhookOps = operations('Webhooks', {
  create: { summary: 'Register an endpoint for events (signed per Standard Webhooks; the secret is shown only here)', responses: { 201: { description: 'Registered', schema: CreatedWebhookView } } },
  list: { summary: 'The tenant’s endpoints', responses: { 200: { description: 'Endpoints', schema: page(WebhookView) } } },
  remove: { summary: 'Remove an endpoint (its pending deliveries stop)', responses: { 204: { description: 'Removed' } } },
  deliveries: { summary: 'An endpoint’s delivery log, newest first', responses: { 200: { description: 'A page of deliveries', schema: page(WebhookDeliveryView) } } },
  redeliver: { summary: 'Send a delivery again, with the same webhook-id', responses: { 202: { description: 'Queued again', schema: WebhookDeliveryView } } },
});
