import { type Connection, type Queryable, queryable } from '../db/types.ts';

export interface AuditEvent {
  tenant_id: string | null;
  actor_kind: 'user' | 'api_key' | 'anonymous' | 'system';
  actor_id: string | null;
  action: string;
  resource: string | null;
  outcome: 'allowed' | 'denied' | 'invalid' | 'failed';
  detail?: Record<string, unknown>;
}

export class AuditRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  async insert(event: AuditEvent, db: Queryable = this.db): Promise<void> {
    await db('audit_events').insert({ ...event, detail: JSON.stringify(event.detail ?? {}) });
  }
}
