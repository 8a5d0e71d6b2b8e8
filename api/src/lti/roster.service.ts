import type { Database } from '../db/database.ts';
import { mapRoles } from './lti-claims.ts';
import type { LtiRepository } from './lti.repository.ts';
import type { NrpsClient } from './nrps-client.ts';
import type { RosterLearner, RosterRepository } from './roster.repository.ts';

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

  /** For the instructor's switcher: the exercise's course learners, each with their thread or none ("not started"). */
  learners(tenantId: string, exerciseId: string): Promise<RosterLearner[]> {
    return this.repo.learners(tenantId, exerciseId);
  }
}
