import { mayReadRoster, threadScope } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import type { RosterView } from '../contract/roster.ts';
import type { Database } from '../db/database.ts';
import { NotFoundError } from '../errors/domain-errors.ts';
import { mapRoles } from './lti-claims.ts';
import type { LtiRepository } from './lti.repository.ts';
import type { Membership, NrpsClient, RosterMember } from './nrps-client.ts';
import { PlatformServiceError } from './platform-service-error.ts';
import type { RosterEntry, RosterRepository } from './roster.repository.ts';

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
   * `GET /exercises/:id/roster`, for the instructor's switcher: the exercise's course learners by
   * name, each with their thread or none ("not started"). Its authors only; 404 for anyone else.
   */
  async forExercise(p: Principal, exerciseId: string): Promise<RosterView> {
    const facts = await this.repo.exerciseFacts(p.tenantId, exerciseId, p.kind === 'user' ? p.userId : null);
    if (!facts || !mayReadRoster(p, { tenantId: facts.tenant_id, callerIsAuthor: facts.caller_is_author })) {
      if (facts) this.audit.record(p, 'roster.read', 'denied', `exercise:${exerciseId}`);
      throw new NotFoundError('exercise');
    }
    const rows = await this.repo.learners(threadScope(p), exerciseId);
    // By name (those the platform names none last), then by the platform's id, so the order is stable.
    const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    rows.sort((a, b) => (a.name ? (b.name ? byName.compare(a.name, b.name) : -1) : b.name ? 1 : 0) || (a.user_sub < b.user_sub ? -1 : a.user_sub > b.user_sub ? 1 : 0));
    return { data: rows.map((r) => ({ name: r.name || null, user_id: r.user_id, thread_id: r.thread_id, started: r.thread_id !== null })) };
  }
}
