import { mayReadRoster, threadScope } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import type { z } from 'zod';
import type { RosterQuery, RosterView } from '../contract/roster.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import type { Database } from '../db/database.ts';
import { NotFoundError, ValidationError } from '../errors/domain-errors.ts';
import { mapRoles } from './lti-claims.ts';
import type { LtiRepository } from './lti.repository.ts';
import type { Membership, NrpsClient, RosterMember } from './nrps-client.ts';
import { PlatformServiceError } from './platform-service-error.ts';
import type { RosterAfter, RosterEntry, RosterLearner, RosterRepository } from './roster.repository.ts';

export interface RosterOptions {
  /** LTI_ROSTER_SYNC_SECONDS: a course's membership is read at most this often. */
  syncSeconds: number;
  now?: () => number;
}

function toEntry(m: RosterMember): RosterEntry {
  return {
    user_sub: m.user_id,
    name: (m.name?.trim() || [m.given_name, m.family_name].filter(Boolean).join(' ').trim()).slice(0, 200),
    role: mapRoles(m.roles),
    email: m.email ?? null,
  };
}

/**
 * The course roster (NRPS): read on instructor launches, at most every `syncSeconds`, so the
 * instructor's switcher lists every learner, also those who never opened the exercise. Members
 * the platform no longer lists (or lists as Inactive or Deleted) are out of the course here.
 */
export class RosterService {
  constructor(
    private readonly db: Database,
    private readonly repo: RosterRepository,
    private readonly lti: LtiRepository,
    private readonly nrps: NrpsClient,
    private readonly audit: Pick<AuditService, 'record'>,
    private readonly options: RosterOptions,
  ) {}

  /**
   * Syncs the course when due (or `force`); false when it was not due or has no membership service.
   * Where the last read offered a differences link, only the changes are read (NRPS 2.0 §2.5);
   * should the platform refuse that link, the whole membership is read instead.
   */
  async sync(contextId: string, force = false): Promise<boolean> {
    const now = this.options.now?.() ?? Date.now();
    const ctx = await this.repo.claimSync(contextId, new Date(now - this.options.syncSeconds * 1000), force);
    if (!ctx) return false;
    const platform = await this.lti.findPlatform(ctx.platform_id);
    if (!platform) return false;
    let read: Membership | undefined;
    if (ctx.roster_differences_url) {
      read = await this.nrps.members(platform, ctx.roster_differences_url).catch((error: unknown) => {
        if (error instanceof PlatformServiceError && !error.retryable) return undefined;
        throw error;
      });
    }
    const delta = read !== undefined;
    read ??= await this.nrps.members(platform, ctx.memberships_url);
    const entries = read.members.filter((m) => m.status === 'Active').map(toEntry);
    const left = read.members.filter((m) => m.status !== 'Active').map((m) => m.user_id);
    const differences = read.differences ?? null;
    await this.db.transaction(async (trx) => {
      if (delta) await this.repo.applyDifferences(ctx, platform.issuer, entries, left, trx);
      else await this.repo.replace(ctx, platform.issuer, entries, trx);
      await this.repo.setDifferencesUrl(ctx.id, differences, trx);
    });
    return true;
  }

  /**
   * `GET /exercises/:id/roster`, for the instructor's switcher: a page of the exercise's course
   * learners by name, each with their thread or none ("not started"). Its authors only; 404 for anyone else.
   */
  async forExercise(p: Principal, exerciseId: string, q: z.output<typeof RosterQuery>): Promise<RosterView> {
    const facts = await this.repo.exerciseFacts(p.tenantId, exerciseId, p.kind === 'user' ? p.userId : null);
    if (!facts || !mayReadRoster(p, { tenantId: facts.tenant_id, callerIsAuthor: facts.caller_is_author })) {
      if (facts) this.audit.record(p, 'roster.read', 'denied', `exercise:${exerciseId}`);
      throw new NotFoundError('exercise');
    }
    const rows = await this.repo.learners(threadScope(p), exerciseId, { after: q.cursor ? afterOf(q.cursor) : undefined, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      data: page.map((r) => ({ name: r.name || null, user_id: r.user_id, thread_id: r.thread_id, started: r.thread_id !== null })),
      next_cursor: rows.length > q.limit && last ? cursorOf(last) : null,
    };
  }
}

/** The cursor names the last row's place in the roster's order: named or not, the name, the platform and its id for the learner. */
function cursorOf(row: RosterLearner): string {
  return encodeCursor([row.name ? 0 : 1, row.name, row.platform_id, row.user_sub]);
}

function afterOf(cursor: string): RosterAfter {
  const [unnamed, name, platform_id, user_sub] = decodeCursor<[number, string, string, string]>(cursor, ['int', 'string', 'uuid', 'string']);
  // A cursor is opaque but not trusted: a forged one is refused here, not by the database.
  if (unnamed > 1 || (unnamed === 1) !== (name === '')) throw new ValidationError([{ field: 'cursor', message: 'Not a cursor from this API.' }]);
  return { unnamed: unnamed === 1, name, platform_id, user_sub };
}
