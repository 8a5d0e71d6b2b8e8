import { type Connection, type Queryable, queryable } from '../db/types.ts';
import type { ThreadScope } from '../access/policy.ts';
import { threadScopeSql } from '../access/thread-scope-sql.ts';
import type { Role } from '../auth/principal.ts';

export interface RosterContext {
  id: string;
  tenant_id: string;
  platform_id: string;
  memberships_url: string;
  /** The platform's rel="differences" link from the last read, if it offered one. */
  roster_differences_url: string | null;
}

export interface RosterEntry {
  user_sub: string;
  name: string;
  role: Role;
  /** As the platform shares it; null when it does not. */
  email: string | null;
}

/** A learner of the courses an exercise is placed in, and their thread of it if they have started one. */
export interface RosterLearner {
  platform_id: string;
  user_sub: string;
  user_id: string | null;
  name: string;
  thread_id: string | null;
}

/** A roster row's place in the roster's order, as a cursor carries it. */
export interface RosterAfter {
  unnamed: boolean;
  name: string;
  platform_id: string;
  user_sub: string;
}

/** Course memberships as the platform states them (NRPS). */
export class RosterRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  /**
   * Takes the course's next sync when the last is older than `staleBefore` (or `force`): one
   * process syncs, the others find it taken.
   */
  async claimSync(contextId: string, staleBefore: Date, force: boolean, db: Queryable = this.db): Promise<RosterContext | undefined> {
    const q = db('lti_contexts').where({ id: contextId }).whereNotNull('memberships_url');
    if (!force) q.where((w) => w.whereNull('roster_synced_at').orWhere('roster_synced_at', '<', staleBefore));
    const [row] = await q.update({ roster_synced_at: db.fn.now() }).returning(['id', 'tenant_id', 'platform_id', 'memberships_url', 'roster_differences_url']);
    return row as RosterContext | undefined;
  }

  /** The course's members become exactly `members`; those who left lose their course membership here too. */
  async replace(ctx: RosterContext, issuer: string, members: RosterEntry[], db: Queryable): Promise<void> {
    const subs = members.map((m) => m.user_sub);
    await db('lti_roster_members').where({ context_id: ctx.id }).whereNotIn('user_sub', subs).delete();
    await this.upsert(ctx, issuer, members, db);
    // Membership is the platform's to state: who is no longer listed is no longer in the course.
    await db('lti_context_members as m')
      .where('m.context_id', ctx.id)
      .whereNotExists(db('lti_roster_members as r').whereRaw('r.context_id = m.context_id AND r.user_id = m.user_id'))
      .delete();
  }

  /** A differences read: `changed` members as they are now, `left` (by platform id) out of the course. */
  async applyDifferences(ctx: RosterContext, issuer: string, changed: RosterEntry[], left: string[], db: Queryable): Promise<void> {
    await this.upsert(ctx, issuer, changed, db);
    if (!left.length) return;
    await db('lti_roster_members').where({ context_id: ctx.id }).whereIn('user_sub', left).delete();
    await db.raw(`DELETE FROM lti_context_members m USING users u WHERE m.context_id = ? AND u.id = m.user_id AND u.tenant_id = m.tenant_id AND u.external_id = ANY(?)`, [
      ctx.id,
      left.map((sub) => `${issuer}#${sub}`),
    ]);
  }

  /** The next sync reads the changes from here (null: the whole membership again). */
  async setDifferencesUrl(contextId: string, url: string | null, db: Queryable = this.db): Promise<void> {
    await db('lti_contexts').where({ id: contextId }).update({ roster_differences_url: url });
  }

  private async upsert(ctx: RosterContext, issuer: string, members: RosterEntry[], db: Queryable): Promise<void> {
    if (!members.length) return;
    await db('lti_roster_members')
      .insert(
        members.map((m) => ({
          tenant_id: ctx.tenant_id,
          context_id: ctx.id,
          user_sub: m.user_sub,
          name: m.name,
          role: m.role,
          email: m.email,
          user_id: db('users').select('id').where({ tenant_id: ctx.tenant_id, external_id: `${issuer}#${m.user_sub}` }),
        })),
      )
      .onConflict(['context_id', 'user_sub'])
      .merge(['name', 'role', 'user_id', 'email', 'synced_at']);
    // A member who has a user here gets the address the platform shares (a launch's claim does the same);
    // a platform that shares none leaves the address as it was.
    await db.raw(
      `UPDATE users u SET email = r.email FROM lti_roster_members r
        WHERE r.context_id = ? AND r.user_id = u.id AND u.tenant_id = r.tenant_id AND r.email IS NOT NULL AND u.email IS DISTINCT FROM r.email`,
      [ctx.id],
    );
  }

  /** The exercise's tenant and whether the caller authors it (for the access policy); undefined: no such exercise. */
  async exerciseFacts(tenantId: string, exerciseId: string, userId: string | null, db: Queryable = this.db): Promise<{ tenant_id: string; caller_is_author: boolean } | undefined> {
    const row = await db('exercise_videos as e')
      .where({ 'e.tenant_id': tenantId, 'e.id': exerciseId })
      .first('e.tenant_id', db.raw('EXISTS (SELECT 1 FROM exercise_authors a WHERE a.exercise_video_id = e.id AND a.user_id = ?) AS caller_is_author', [userId]));
    return row as { tenant_id: string; caller_is_author: boolean } | undefined;
  }

  /**
   * A page of the learners of every course the exercise is placed in, with their thread of it
   * (null: not started), the thread joined only inside the caller's thread scope (the access
   * policy's). By name (those the platform names none last), then by the platform's id, which is
   * unique: the keyset `after` is the last row's place in that order.
   */
  async learners(scope: ThreadScope, exerciseId: string, page: { after?: RosterAfter | undefined; limit: number }, db: Queryable = this.db): Promise<RosterLearner[]> {
    if (scope.kind === 'none') return [];
    const bindings: Record<string, unknown> = { tenant: scope.tenantId, caller: scope.userId, exercise: exerciseId, limit: page.limit };
    let after = '';
    if (page.after) {
      after = `WHERE (x.name = '', x.name COLLATE roster_name, x.platform_id, x.user_sub) > (:unnamed, :afterName, CAST(:afterPlatform AS uuid), :afterSub)`;
      Object.assign(bindings, { unnamed: page.after.unnamed, afterName: page.after.name, afterPlatform: page.after.platform_id, afterSub: page.after.user_sub });
    }
    // The user is found by external id, so one who launched after the last sync already has their thread here.
    // One row per learner (a learner in two of the courses once), the same one on every page.
    const r = await db.raw<{ rows: RosterLearner[] }>(
      `SELECT x.* FROM (
         SELECT DISTINCT ON (c.platform_id, r.user_sub) c.platform_id, r.user_sub, u.id AS user_id, r.name, t.id AS thread_id
           FROM lti_roster_members r
           JOIN lti_contexts c ON c.id = r.context_id
           JOIN lti_platforms p ON p.id = c.platform_id
           LEFT JOIN users u ON u.tenant_id = r.tenant_id AND u.external_id = p.issuer || '#' || r.user_sub
           LEFT JOIN personal_exercise_threads t ON t.owner_id = u.id AND t.exercise_video_id = :exercise AND ${threadScopeSql(scope)}
          WHERE r.tenant_id = :tenant AND r.role = 'learner'
            AND r.context_id IN (SELECT l.context_id FROM lti_resource_links l WHERE l.tenant_id = :tenant AND l.exercise_video_id = :exercise AND l.context_id IS NOT NULL)
          ORDER BY c.platform_id, r.user_sub, r.context_id
       ) x ${after}
       ORDER BY x.name = '', x.name COLLATE roster_name, x.platform_id, x.user_sub
       LIMIT :limit`,
      bindings,
    );
    return r.rows;
  }
}
