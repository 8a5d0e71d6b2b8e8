import { Statement } from '../db/statement.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';

export interface WebhookRow {
  id: string;
  tenant_id: string;
  url: string;
  secret: string;
  event_types: string[];
  created_at: Date;
}

export interface WebhookDeliveryRow {
  id: string;
  tenant_id: string;
  webhook_id: string;
  event_type: string;
  payload: unknown;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  created_at: Date;
}

// Asked after comments are written, so compiled once.
const subscribedToAny = new Statement<WebhookRow>('webhooks_subscribed_to_any', `
  SELECT w.* FROM webhooks w WHERE w.tenant_id = :tenant AND w.event_types && CAST(:types AS text[])`);

/** Every query names the tenant: an endpoint, and its deliveries, exist only for their own tenant. */
export class WebhooksRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  async insert(row: { tenant_id: string; url: string; secret: string; event_types: string[] }, db: Queryable = this.db): Promise<WebhookRow> {
    const [inserted] = await db('webhooks').insert(row).returning('*');
    return inserted as WebhookRow;
  }

  async list(tenantId: string, db: Queryable = this.db): Promise<WebhookRow[]> {
    return db('webhooks').where({ tenant_id: tenantId }).orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(1000);
  }

  async find(tenantId: string, id: string, db: Queryable = this.db): Promise<WebhookRow | undefined> {
    return db('webhooks').where({ tenant_id: tenantId, id }).first();
  }

  async remove(tenantId: string, id: string, db: Queryable = this.db): Promise<boolean> {
    const removed = await db('webhooks').where({ tenant_id: tenantId, id }).delete().returning('id');
    return removed.length > 0;
  }

  async subscribed(tenantId: string, eventType: string, db: Queryable = this.db): Promise<WebhookRow[]> {
    return db('webhooks').where({ tenant_id: tenantId }).whereRaw('? = ANY(event_types)', [eventType]);
  }

  /** The tenant's endpoints taking any of these events. */
  async subscribedToAny(tenantId: string, eventTypes: string[], db: Queryable = this.db): Promise<WebhookRow[]> {
    return subscribedToAny.rows(db, { tenant: tenantId, types: eventTypes });
  }

  async threadFacts(threadId: string, db: Queryable = this.db): Promise<{ tenant_id: string; owner_id: string; owner_name: string; exercise_video_id: string } | undefined> {
    const r = await db.raw<{ rows: { tenant_id: string; owner_id: string; owner_name: string; exercise_video_id: string }[] }>(
      `SELECT t.tenant_id, t.owner_id, u.display_name AS owner_name, t.exercise_video_id
         FROM personal_exercise_threads t JOIN users u ON u.id = t.owner_id WHERE t.id = ?`,
      [threadId],
    );
    return r.rows[0];
  }

  async mediaTenant(assetId: string, db: Queryable = this.db): Promise<string | undefined> {
    const row = await db('media_assets').where({ id: assetId }).first('tenant_id');
    return row?.tenant_id;
  }

  /** Whether the thread already awaited a reply before this comment: the owner also wrote the one before. */
  async ownerWroteBefore(threadId: string, ownerId: string, commentId: string, db: Queryable = this.db): Promise<boolean> {
    const r = await db.raw<{ rows: { author_id: string }[] }>(
      `SELECT c.author_id FROM video_comments c
        WHERE c.thread_id = ? AND c.id <> ? AND c.deleted_at IS NULL
          AND c.created_at <= (SELECT n.created_at FROM video_comments n WHERE n.id = ?)
        ORDER BY c.created_at DESC, c.id DESC LIMIT 1`,
      [threadId, commentId, commentId],
    );
    return r.rows[0]?.author_id === ownerId;
  }

  async insertDeliveries(rows: { id: string; tenant_id: string; webhook_id: string; event_type: string; payload: unknown }[], db: Queryable = this.db): Promise<void> {
    if (rows.length === 0) return;
    await db('webhook_deliveries').insert(rows.map((r) => ({ ...r, payload: JSON.stringify(r.payload) })));
  }

  /** A delivery with its endpoint (gone when the endpoint was deleted since). */
  async deliveryWithWebhook(id: string, db: Queryable = this.db): Promise<{ delivery: WebhookDeliveryRow; webhook: WebhookRow } | undefined> {
    const delivery: WebhookDeliveryRow | undefined = await db('webhook_deliveries').where({ id }).first();
    if (!delivery) return undefined;
    const webhook = await this.find(delivery.tenant_id, delivery.webhook_id, db);
    return webhook && { delivery, webhook };
  }

  async deliveries(tenantId: string, webhookId: string, q: { before?: { at: string; id: string } | undefined; limit: number }, db: Queryable = this.db): Promise<(WebhookDeliveryRow & { cursor_at: string })[]> {
    const query = db('webhook_deliveries')
      .where({ tenant_id: tenantId, webhook_id: webhookId })
      .select('*', db.raw('CAST(created_at AS text) AS cursor_at'))
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(q.limit);
    if (q.before) query.whereRaw('(created_at, id) < (CAST(? AS timestamptz), ?)', [q.before.at, q.before.id]);
    return query;
  }

  async findDelivery(tenantId: string, webhookId: string, id: string, db: Queryable = this.db): Promise<WebhookDeliveryRow | undefined> {
    return db('webhook_deliveries').where({ tenant_id: tenantId, webhook_id: webhookId, id }).first();
  }

  async recordAttempt(id: string, outcome: { ok: boolean; statusCode: number | null; error: string | null }, db: Queryable = this.db): Promise<void> {
    await db('webhook_deliveries')
      .where({ id })
      .update({
        status: outcome.ok ? 'succeeded' : 'failed',
        attempts: db.raw('attempts + 1'),
        last_status_code: outcome.statusCode,
        last_error: outcome.error?.slice(0, 1000) ?? null,
        last_attempt_at: db.fn.now(),
      });
  }

  /** Back to pending for a redelivery: the log shows it queued again. */
  async requeue(id: string, db: Queryable = this.db): Promise<void> {
    await db('webhook_deliveries').where({ id }).update({ status: 'pending' });
  }
}
