import { type Connection, type Queryable, queryable } from '../db/types.ts';

export interface PlatformRow {
  id: string;
  tenant_id: string;
  issuer: string;
  client_id: string;
  auth_url: string;
  token_url: string;
  jwks_url: string;
  deployment_ids: string[];
  frame_origins: string[];
  created_at: Date;
  updated_at: Date;
}

export type NewPlatform = Pick<PlatformRow, 'tenant_id' | 'issuer' | 'client_id' | 'auth_url' | 'token_url' | 'jwks_url' | 'deployment_ids' | 'frame_origins'>;

export interface LoginStateRow {
  state: string;
  nonce: string;
  platform_id: string;
  target_link_uri: string;
  expires_at: Date;
  /** How the login bound itself to the browser (browser-binding.ts); null for a login made before binding. */
  binding: string | null;
  browser_hash: string | null;
  /** The login's parameters, to restart it in a new window. */
  login: Record<string, unknown> | null;
}

export interface ToolKeyRow {
  kid: string;
  private_jwk: Record<string, unknown>;
  public_jwk: Record<string, unknown>;
  created_at: Date;
  retire_at: Date | null;
}

export interface ContextRow {
  id: string;
  tenant_id: string;
  platform_id: string;
  context_id: string;
  title: string;
}

export interface ResourceLinkRow {
  id: string;
  tenant_id: string;
  platform_id: string;
  resource_link_id: string;
  context_id: string | null;
  exercise_video_id: string | null;
  title: string;
  lms_url: string | null;
}

export interface CatalogueEntry {
  id: string;
  title: string;
  source_type: string;
  created_at: Date;
}

/** Everything LTI keeps: platforms, login states, nonces, courses, resource links, the tool's keys. */
export class LtiRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  // Platforms

  async upsertPlatform(p: NewPlatform, db: Queryable = this.db): Promise<PlatformRow> {
    const [row] = await db('lti_platforms')
      .insert(p)
      .onConflict(['issuer', 'client_id'])
      .merge({ ...p, updated_at: db.fn.now() })
      .returning('*');
    return row as PlatformRow;
  }

  findPlatform(id: string, db: Queryable = this.db): Promise<PlatformRow | undefined> {
    return db('lti_platforms').where({ id }).first();
  }

  findPlatformsByIssuer(issuer: string, db: Queryable = this.db): Promise<PlatformRow[]> {
    return db('lti_platforms').where({ issuer });
  }

  async allFrameOrigins(db: Queryable = this.db): Promise<string[]> {
    const rows: { origin: string }[] = await db.raw('SELECT DISTINCT unnest(frame_origins) AS origin FROM lti_platforms').then((r: { rows: { origin: string }[] }) => r.rows);
    return rows.map((r) => r.origin);
  }

  // Login states and nonces

  async insertState(s: LoginStateRow, db: Queryable = this.db): Promise<void> {
    await db('lti_login_states').insert({ ...s, login: s.login === null ? null : JSON.stringify(s.login) });
  }

  /** Consumes the state: a second launch with it finds nothing. */
  async takeState(state: string, db: Queryable = this.db): Promise<LoginStateRow | undefined> {
    const [row] = await db('lti_login_states').where({ state }).delete().returning('*');
    return row as LoginStateRow | undefined;
  }

  /** Records a nonce; false when it was already seen (a replay). */
  async rememberNonce(platformId: string, nonce: string, expiresAt: Date, db: Queryable = this.db): Promise<boolean> {
    const rows = await db('lti_nonces')
      .insert({ platform_id: platformId, nonce, expires_at: expiresAt })
      .onConflict(['platform_id', 'nonce'])
      .ignore()
      .returning('nonce');
    return rows.length === 1;
  }

  async purgeExpired(now: Date, db: Queryable = this.db): Promise<void> {
    await db('lti_login_states').where('expires_at', '<', now).delete();
    await db('lti_nonces').where('expires_at', '<', now).delete();
  }

  // Courses and their members

  async upsertContext(c: Omit<ContextRow, 'id'>, db: Queryable = this.db): Promise<ContextRow> {
    const [row] = await db('lti_contexts')
      .insert(c)
      .onConflict(['platform_id', 'context_id'])
      .merge({ title: c.title, updated_at: db.fn.now() })
      .returning('*');
    return row as ContextRow;
  }

  async addMember(tenantId: string, contextId: string, userId: string, db: Queryable = this.db): Promise<void> {
    await db('lti_context_members')
      .insert({ tenant_id: tenantId, context_id: contextId, user_id: userId })
      .onConflict(['context_id', 'user_id'])
      .merge({ last_launch_at: db.fn.now() });
  }

  /** Whether the user is in the course: launched from it, and not dropped by a roster sync since. */
  async isMember(contextId: string, userId: string, db: Queryable = this.db): Promise<boolean> {
    return (await db('lti_context_members').where({ context_id: contextId, user_id: userId }).first('user_id')) !== undefined;
  }

  async addContextExercise(tenantId: string, contextId: string, exerciseId: string, db: Queryable = this.db): Promise<void> {
    await db('lti_context_exercises')
      .insert({ tenant_id: tenantId, context_id: contextId, exercise_video_id: exerciseId })
      .onConflict(['context_id', 'exercise_video_id'])
      .ignore();
  }

  /**
   * The exercises a user may pick: those of the courses they launched from, and the tenant-wide
   * ones (in no course). Archived exercises are left out.
   */
  catalogue(tenantId: string, userId: string, db: Queryable = this.db): Promise<CatalogueEntry[]> {
    return db('exercise_videos as e')
      .select('e.id', 'e.title', 'e.source_type', 'e.created_at')
      .where('e.tenant_id', tenantId)
      .whereNull('e.archived_at')
      .where((q) =>
        q
          .whereNotExists(db('lti_context_exercises as ce').whereRaw('ce.exercise_video_id = e.id'))
          .orWhereExists(
            db('lti_context_exercises as ce')
              .join('lti_context_members as m', 'm.context_id', 'ce.context_id')
              .whereRaw('ce.exercise_video_id = e.id')
              .where('m.user_id', userId),
          ),
      )
      .orderBy([{ column: 'e.created_at', order: 'desc' }, { column: 'e.id' }])
      .limit(500);
  }

  async isCourseBound(exerciseId: string, db: Queryable = this.db): Promise<boolean> {
    return (await db('lti_context_exercises').where({ exercise_video_id: exerciseId }).first()) !== undefined;
  }

  async isInCatalogue(tenantId: string, userId: string, exerciseId: string, db: Queryable = this.db): Promise<boolean> {
    const rows = await this.catalogue(tenantId, userId, db);
    return rows.some((r) => r.id === exerciseId);
  }

  // Resource links

  async upsertResourceLink(
    l: Pick<ResourceLinkRow, 'tenant_id' | 'platform_id' | 'resource_link_id' | 'context_id' | 'title' | 'lms_url'>,
    db: Queryable = this.db,
  ): Promise<ResourceLinkRow> {
    const [row] = await db('lti_resource_links')
      .insert(l)
      .onConflict(['platform_id', 'resource_link_id'])
      .merge({ title: l.title, context_id: l.context_id, lms_url: db.raw('COALESCE(EXCLUDED.lms_url, lti_resource_links.lms_url)'), updated_at: db.fn.now() })
      .returning('*');
    return row as ResourceLinkRow;
  }

  /** The link's AGS claim at its latest launch; a line item the tool already knows is kept when the claim names none. */
  async recordAgs(linkId: string, tenantId: string, ags: { scope: string[]; lineitems?: string | undefined; lineitem?: string | undefined }, db: Queryable = this.db): Promise<void> {
    const row = { resource_link_id: linkId, tenant_id: tenantId, scopes: ags.scope, lineitems_url: ags.lineitems ?? null, line_item_url: ags.lineitem ?? null };
    await db('lti_line_items')
      .insert(row)
      .onConflict('resource_link_id')
      .merge({
        scopes: row.scopes,
        lineitems_url: row.lineitems_url,
        line_item_url: db.raw('COALESCE(EXCLUDED.line_item_url, lti_line_items.line_item_url)'),
        updated_at: db.fn.now(),
      });
  }

  async addLinkUser(linkId: string, tenantId: string, userId: string, db: Queryable = this.db): Promise<void> {
    await db('lti_resource_link_users')
      .insert({ resource_link_id: linkId, tenant_id: tenantId, user_id: userId })
      .onConflict(['resource_link_id', 'user_id'])
      .merge({ last_launch_at: db.fn.now() });
  }

  async setMembershipsUrl(contextId: string, url: string, db: Queryable = this.db): Promise<void> {
    await db('lti_contexts').where({ id: contextId }).update({ memberships_url: url });
  }

  findResourceLink(id: string, db: Queryable = this.db): Promise<ResourceLinkRow | undefined> {
    return db('lti_resource_links').where({ id }).first();
  }

  async bindResourceLink(id: string, exerciseId: string, db: Queryable = this.db): Promise<ResourceLinkRow> {
    const [row] = await db('lti_resource_links').where({ id }).update({ exercise_video_id: exerciseId, updated_at: db.fn.now() }).returning('*');
    return row as ResourceLinkRow;
  }

  // Exercises seen from LTI

  findExercise(tenantId: string, id: string, db: Queryable = this.db): Promise<{ id: string; title: string; archived_at: Date | null; max_score: number | null } | undefined> {
    return db('exercise_videos').select('id', 'title', 'archived_at', 'max_score').where({ tenant_id: tenantId, id }).first();
  }

  /** An instructor launched from a link bound to the exercise becomes one of its authors. */
  async addExerciseAuthor(tenantId: string, exerciseId: string, userId: string, db: Queryable = this.db): Promise<void> {
    await db('exercise_authors')
      .insert({ tenant_id: tenantId, exercise_video_id: exerciseId, user_id: userId })
      .onConflict(['exercise_video_id', 'user_id'])
      .ignore();
  }

  // The tool's keys

  /** Serialises key rotation across processes until `trx` ends. */
  async lockToolKeys(trx: Queryable): Promise<void> {
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('lti_tool_keys'))");
  }

  listToolKeys(db: Queryable = this.db): Promise<ToolKeyRow[]> {
    return db('lti_tool_keys').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'kid', order: 'desc' }]);
  }

  async insertToolKey(k: Pick<ToolKeyRow, 'kid' | 'private_jwk' | 'public_jwk'>, retireOthersAt: Date, db: Queryable = this.db): Promise<void> {
    await db('lti_tool_keys').whereNull('retire_at').update({ retire_at: retireOthersAt });
    await db('lti_tool_keys').insert({ kid: k.kid, private_jwk: JSON.stringify(k.private_jwk), public_jwk: JSON.stringify(k.public_jwk) });
  }

  async deleteRetiredKeys(now: Date, db: Queryable = this.db): Promise<void> {
    await db('lti_tool_keys').where('retire_at', '<', now).delete();
  }
}
