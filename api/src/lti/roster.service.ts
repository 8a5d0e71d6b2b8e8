import { mayReadRoster, threadScope } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import type { RosterView } from '../contract/roster.ts';
import type { Database } from '../db/database.ts';
import { NotFoundError } from '../errors/domain-errors.ts';
import { mapRoles } from './lti-claims.ts';
import type { LtiRepository } from './lti.repository.ts';
import type { NrpsClient } from './nrps-client.ts';
import type { RosterRepository } from './roster.repository.ts';

export interface RosterOptions {
  /** LTI_ROSTER_SYNC_SECONDS: a course's membership is read at most this often. */
  syncSeconds: number;
  now?: () => number;
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

  /** Syncs the course when due (or `force`); false when it was not due or has no membership service. */
  async sync(contextId: string, force = false): Promise<boolean> {
    const now = this.options.now?.() ?? Date.now();
    const ctx = await this.repo.claimSync(contextId, new Date(now - this.options.syncSeconds * 1000), force);
    if (!ctx) return false;
    const platform = await this.lti.findPlatform(ctx.platform_id);
    if (!platform) return false;
    const { members } = await this.nrps.members(platform, ctx.memberships_url);
    const active = members
      .filter((m) => m.status === 'Active')
      .map((m) => ({
        user_sub: m.user_id,
        name: (m.name?.trim() || [m.given_name, m.family_name].filter(Boolean).join(' ').trim()).slice(0, 200),
        role: mapRoles(m.roles),
        email: m.email ?? null,
      }));
    await this.db.transaction((trx) => this.repo.replace(ctx, platform.issuer, active, trx));
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
