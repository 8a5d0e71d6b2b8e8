import { LRUCache } from 'lru-cache';
import type { Principal } from '../auth/principal.ts';
import type { Committed } from '../live/publisher.ts';
import type { WebhookEventType } from '../contract/webhooks.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors/domain-errors.ts';
import { postWebhook, type SendOutcome } from './webhook-sender.ts';
import { isWebhookSecret, newMessageId, newWebhookSecret, signWebhook } from './webhook-signer.ts';
import type { WebhookDeliveryRow, WebhookRow, WebhooksRepository } from './webhooks.repository.ts';
import { checkWebhookUrl, UnsafeUrlError } from './url-guard.ts';


export const WEBHOOK_QUEUE = 'webhook-deliver';
/** How long another API process may take to see a new endpoint (this process sees it at once). */
export const ENDPOINTS_CACHE_MS = 5_000;

export interface WebhookView {
  id: string;
  url: string;
  event_types: string[];
  created_at: string;
}

export interface WebhookDeliveryView {
  id: string;
  event_type: string;
  status: WebhookDeliveryRow['status'];
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: string | null;
  created_at: string;
  payload: unknown;
}

export interface WebhookJob {
  delivery_id: string;
}

const toView = (w: WebhookRow): WebhookView => ({ id: w.id, url: w.url, event_types: w.event_types, created_at: new Date(w.created_at).toISOString() });

const toDeliveryView = (d: WebhookDeliveryRow): WebhookDeliveryView => ({
  id: d.id,
  event_type: d.event_type,
  status: d.status,
  attempts: d.attempts,
  last_status_code: d.last_status_code,
  last_error: d.last_error,
  last_attempt_at: d.last_attempt_at && new Date(d.last_attempt_at).toISOString(),
  created_at: new Date(d.created_at).toISOString(),
  payload: d.payload,
});

export interface WebhooksOptions {
  allowPrivateUrls: boolean;
  timeoutMs?: number;
}

/**
 * Partners' endpoints and what is delivered to them: signed per Standard Webhooks, one delivery
 * row per event and endpoint, retried by the queue with exponential backoff for about a day.
 */
export class WebhooksService {
  enqueue: ((job: WebhookJob) => Promise<void>) | undefined;
  // Tenants (with event types) known to have no endpoint for them: most tenants have none, and
  // asking on every comment written was a tenth of a comment's cost in the API process.
  private readonly unsubscribed = new LRUCache<string, true>({ max: 10_000, ttl: ENDPOINTS_CACHE_MS });

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly options: WebhooksOptions,
  ) {}

  private tenantOf(p: Principal): string {
    if (p.kind !== 'api_key') throw new ForbiddenError('Webhooks are managed with the tenant’s API key.');
    return p.tenantId;
  }

  /** The new endpoint, with its secret: the only answer that shows it. */
  async create(p: Principal, input: { url: string; secret?: string | undefined; event_types: string[] }): Promise<WebhookView & { secret: string }> {
    const tenantId = this.tenantOf(p);
    try {
      await checkWebhookUrl(input.url, this.options.allowPrivateUrls);
    } catch (error) {
      if (error instanceof UnsafeUrlError) throw new ValidationError([{ field: 'url', message: error.message }]);
      throw error;
    }
    if (input.secret !== undefined && !isWebhookSecret(input.secret)) {
      throw new ValidationError([{ field: 'secret', message: 'Must be whsec_ followed by 24 to 64 bytes in base64 (or leave it out and one is made).' }]);
    }
    const secret = input.secret ?? newWebhookSecret();
    const row = await this.repo.insert({ tenant_id: tenantId, url: input.url, secret, event_types: [...new Set(input.event_types)] });
    this.unsubscribed.clear();
    return { ...toView(row), secret };
  }

  async list(p: Principal): Promise<WebhookView[]> {
    return (await this.repo.list(this.tenantOf(p))).map(toView);
  }

  async remove(p: Principal, id: string): Promise<void> {
    if (!(await this.repo.remove(this.tenantOf(p), id))) throw new NotFoundError('webhook');
  }

  private async own(p: Principal, id: string): Promise<WebhookRow> {
    const row = await this.repo.find(this.tenantOf(p), id);
    if (!row) throw new NotFoundError('webhook');
    return row;
  }

  async deliveries(p: Principal, webhookId: string, q: { cursor?: string | undefined; limit: number }): Promise<{ data: WebhookDeliveryView[]; next_cursor: string | null }> {
    const webhook = await this.own(p, webhookId);
    const before = q.cursor ? decodeCursor<[string, string]>(q.cursor, ['string', 'string']) : undefined;
    const rows = await this.repo.deliveries(webhook.tenant_id, webhook.id, { before: before && { at: before[0], id: before[1] }, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { data: page.map(toDeliveryView), next_cursor: rows.length > q.limit && last ? encodeCursor([last.cursor_at, last.id]) : null };
  }

  /** Sends a delivery again, with the same webhook-id (receivers deduplicate on it). */
  async redeliver(p: Principal, webhookId: string, deliveryId: string): Promise<WebhookDeliveryView> {
    const webhook = await this.own(p, webhookId);
    const delivery = await this.repo.findDelivery(webhook.tenant_id, webhook.id, deliveryId);
    if (!delivery) throw new NotFoundError('delivery');
    await this.repo.requeue(delivery.id);
    await this.enqueue?.({ delivery_id: delivery.id });
    return toDeliveryView({ ...delivery, status: 'pending' });
  }

  /**
   * After a commit: one delivery per endpoint of this tenant that takes the event. The tenant is
   * the one the event's thread belongs to, so no other tenant's endpoint is ever asked.
   */
  async emit(tenantId: string, type: WebhookEventType, data: object): Promise<void> {
    const endpoints = await this.repo.subscribed(tenantId, type);
    if (endpoints.length === 0) return;
    const timestamp = new Date().toISOString();
    const rows = endpoints.map((w) => ({ id: newMessageId(), tenant_id: tenantId, webhook_id: w.id, event_type: type, payload: { type, timestamp, data } }));
    await this.repo.insertDeliveries(rows);
    for (const r of rows) await this.enqueue?.({ delivery_id: r.id });
  }

  /** After a publish: the events of a thread go to the thread's tenant, a media event to the asset's. */
  async committed(c: Committed): Promise<void> {
    if (c.kind === 'grade') {
      // A score set or its gradebook passback moved on: the grade as GET /threads/:id/grade shows it.
      const thread = await this.repo.threadFacts(c.event.thread_id);
      if (thread) await this.emit(thread.tenant_id, 'grade.updated', c.event);
      return;
    }
    if (c.kind === 'media') {
      if (c.event.status !== 'ready') return;
      const tenantId = await this.repo.mediaTenant(c.event.media_asset_id);
      if (tenantId) await this.emit(tenantId, 'media.ready', { media_asset_id: c.event.media_asset_id, status: c.event.status });
      return;
    }
    if (c.kind === 'attempt') {
      // A learner added an attempt (its upload follows; its media asset's media.ready says when it plays).
      if (c.event !== 'attempt:created') return;
      const thread = await this.repo.threadFacts(c.attempt.thread_id);
      if (thread && thread.tenant_id === c.tenantId) await this.emit(thread.tenant_id, 'attempt.created', c.attempt);
      return;
    }
    if (c.kind === 'attempt-deleted') {
      // Its thread may be gone with it (an erasure): the publisher's tenant is the attempt's own.
      await this.emit(c.tenantId, 'attempt.deleted', c.event);
      return;
    }
    if (c.kind !== 'comment') return;
    const type = c.event === 'comment:created' ? 'comment.created' : c.event === 'comment:updated' ? 'comment.updated' : undefined;
    if (!type) return;
    const types = type === 'comment.created' ? [type, 'thread.awaiting_reply'] : [type];
    const key = `${c.tenantId} ${types.join(' ')}`;
    if (this.unsubscribed.has(key)) return;
    const endpoints = await this.repo.subscribedToAny(c.tenantId, types);
    if (endpoints.length === 0) return void this.unsubscribed.set(key, true);
    const thread = await this.repo.threadFacts(c.comment.thread_id);
    if (!thread || thread.tenant_id !== c.tenantId) return;
    await this.emit(thread.tenant_id, type, c.comment);
    // The learner wrote and the thread now awaits an author's answer (it did not already).
    const awaitingWanted = endpoints.some((e) => e.event_types.includes('thread.awaiting_reply'));
    if (type === 'comment.created' && awaitingWanted && c.comment.author?.id === thread.owner_id && !(await this.repo.ownerWroteBefore(c.comment.thread_id, thread.owner_id, c.comment.id))) {
      await this.emit(thread.tenant_id, 'thread.awaiting_reply', {
        thread_id: c.comment.thread_id,
        exercise_video_id: thread.exercise_video_id,
        owner: { id: thread.owner_id, name: thread.owner_name },
        comment_id: c.comment.id,
      });
    }
  }

  /** One attempt; a failure is recorded, then thrown for the queue to retry. */
  async attempt(job: WebhookJob): Promise<SendOutcome | undefined> {
    const found = await this.repo.deliveryWithWebhook(job.delivery_id);
    // The endpoint was deleted: nothing to deliver to.
    if (!found) return undefined;
    const { delivery, webhook } = found;
    const body = JSON.stringify(delivery.payload);
    const outcome = await postWebhook(webhook.url, body, signWebhook(webhook.secret, delivery.id, body), {
      allowPrivateUrls: this.options.allowPrivateUrls,
      ...(this.options.timeoutMs !== undefined && { timeoutMs: this.options.timeoutMs }),
    });
    await this.repo.recordAttempt(delivery.id, outcome);
    if (!outcome.ok) throw new Error(`Webhook delivery ${delivery.id} failed: ${outcome.error}`);
    return outcome;
  }
}
