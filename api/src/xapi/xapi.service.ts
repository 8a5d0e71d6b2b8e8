import { LRUCache } from 'lru-cache';
import type { Principal } from '../auth/principal.ts';
import { ForbiddenError, NotFoundError } from '../errors/domain-errors.ts';
import { LrsError, sendStatements, type LrsSettings } from './lrs-client.ts';
import { openSecret } from './lrs-secret.ts';
import { commentStatement, videoStatement, type CommentFact, type PlayerEvent, type StatementScope } from './statements.ts';
import type { ScopeRow, XapiRepository } from './xapi.repository.ts';

/** Statements per request to the LRS. */
const BATCH = 50;
/**
 * How long a tenant found without an LRS is taken to have none, so comments do not ask after each
 * one. The process that sets an LRS forgets at once; other API processes within this time.
 */
export const NO_LRS_CACHE_MS = 5_000;

export interface EventsAccepted {
  /** Events that became statements now. */
  accepted: number;
  /** Events already received before (a resent batch): nothing new was made of them. */
  duplicates: number;
  /** False when the tenant keeps no learning records (no LRS): the element stops reporting. */
  recording: boolean;
}

/**
 * Learning records: off unless the tenant configured an LRS. Player events and comments become
 * xAPI statements in an outbox; the job queue sends them (`sendQueue`), retried on failure.
 * Statement ids come from the events' own ids, so nothing is ever recorded twice.
 */
export class XapiService {
  /** Asks for the tenant's outbox to be sent; the job queue replaces this with a queued job. */
  sendQueue: (tenantId: string) => Promise<void> = async (tenantId) => void (await this.sendPending(tenantId));
  private readonly withoutLrs = new LRUCache<string, true>({ max: 10_000, ttl: NO_LRS_CACHE_MS });

  constructor(
    private readonly repo: XapiRepository,
    private readonly toolUrl: string,
    private readonly serverSecret: string,
  ) {}

  private statementScope(tenantId: string, row: ScopeRow): StatementScope {
    return {
      toolUrl: this.toolUrl,
      tenantId,
      user: { id: row.user_id, externalId: row.external_id, name: row.display_name },
      exercise: { id: row.exercise_id, title: row.title, duration_ms: row.duration_ms },
    };
  }

  async recordEvents(p: Principal, exerciseId: string, events: PlayerEvent[]): Promise<EventsAccepted> {
    if (p.kind !== 'user') throw new ForbiddenError('Player events come from a user’s element.');
    // Not an error: the element learns here that nothing is recorded, and stops sending.
    if (!(await this.repo.lrs(p.tenantId))) return { accepted: 0, duplicates: 0, recording: false };
    const scope = await this.repo.scope(p.tenantId, p.userId, exerciseId);
    if (!scope) throw new NotFoundError('exercise');
    const statements = events.map((e) => videoStatement(this.statementScope(p.tenantId, scope), e) as { id: string });
    const accepted = await this.repo.enqueue(p.tenantId, p.userId, statements);
    if (accepted) await this.sendQueue(p.tenantId);
    return { accepted, duplicates: statements.length - accepted, recording: true };
  }

  /**
   * After a comment is created in a thread of `tenantId`: `commented`, when the tenant has an LRS.
   * Never fails the comment. Most tenants have none, so that is asked first: their comments cost
   * one lookup here (none for 5 s after one found none), and only an LRS tenant's go on to the
   * thread's exercise.
   */
  async commented(tenantId: string, userId: string, threadId: string, comment: CommentFact): Promise<void> {
    if (this.withoutLrs.has(tenantId)) return;
    if (!(await this.repo.hasLrs(tenantId))) return void this.withoutLrs.set(tenantId, true);
    const thread = await this.repo.threadOf(threadId);
    if (!thread || thread.tenant_id !== tenantId) return;
    const scope = await this.repo.scope(tenantId, userId, thread.exercise_video_id);
    if (!scope) return;
    const statement = commentStatement(this.statementScope(tenantId, scope), comment) as { id: string };
    if (await this.repo.enqueue(tenantId, userId, [statement])) await this.sendQueue(tenantId);
  }

  /** The tenant's LRS was set or removed (in this process): it is asked again at the next comment. */
  lrsChanged(tenantId: string): void {
    this.withoutLrs.delete(tenantId);
  }

  /**
   * The job: sends the tenant's outbox in batches. An LRS that may recover (unreachable, 429,
   * 5xx) fails the job so the queue retries it later; statements it refuses for good are set
   * aside with the reason, and the rest go on.
   */
  async sendPending(tenantId: string): Promise<{ sent: number; rejected: number }> {
    const lrsRow = await this.repo.lrs(tenantId);
    if (!lrsRow) return { sent: 0, rejected: 0 };
    const lrs: LrsSettings = { endpoint: lrsRow.lrs_endpoint, username: lrsRow.lrs_username, password: openSecret(lrsRow.lrs_password_sealed, this.serverSecret) };
    let sent = 0;
    let rejected = 0;
    // A refused batch is sent again one by one, so one bad statement does not hold back the rest.
    const send = async (rows: { id: string; statement: Record<string, unknown> }[]): Promise<void> => {
      const ids = rows.map((r) => r.id);
      try {
        await sendStatements(lrs, rows.map((r) => r.statement));
        await this.repo.markSent(ids);
        sent += ids.length;
      } catch (error) {
        if (!(error instanceof LrsError)) throw error;
        if (!error.retryable && rows.length > 1) {
          for (const row of rows) await send([row]);
          return;
        }
        await this.repo.noteFailure(ids, error.message, !error.retryable);
        if (error.retryable) throw error;
        rejected += ids.length;
      }
    };
    for (;;) {
      const rows = await this.repo.unsent(tenantId, BATCH);
      if (!rows.length) return { sent, rejected };
      await send(rows);
    }
  }
}
