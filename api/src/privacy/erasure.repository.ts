import { type Connection, type Queryable, queryable } from '../db/types.ts';

export type ErasurePolicy = 'tombstone' | 'delete';
export type ErasureStatus = 'pending' | 'running' | 'done' | 'failed';

export interface ErasureRow {
  id: string;
  tenant_id: string;
  subject_digest: string;
  user_id: string | null;
  requested_by_key_id: string | null;
  policy: ErasurePolicy;
  status: ErasureStatus;
  counts: Record<string, number>;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** An attempt the erasure deleted: what `attempt:deleted` says of it. */
export interface ErasedAttempt {
  id: string;
  thread_id: string;
  number: number;
}

export interface ErasureOutcome {
  counts: Record<string, number>;
  /** The user's attempts, deleted with their threads and media: to announce once the rows are gone. */
  attempts: ErasedAttempt[];
  /** Whose stored objects were the user's, to delete once the rows are gone. */
  assetIds: string[];
  exportIds: string[];
}

const COLUMNS = `id, tenant_id, subject_digest, user_id, requested_by_key_id, policy, status, counts, error, et_iso(created_at) AS created_at, et_iso(finished_at) AS finished_at`;

/** What erasure reads and writes: its own requests, and every table that names a user. */
export class ErasureRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  async userExists(tenantId: string, userId: string, db: Queryable = this.db): Promise<boolean> {
    return (await db('users').where({ tenant_id: tenantId, id: userId }).first('id')) !== undefined;
  }

  async tenantPolicy(tenantId: string, db: Queryable = this.db): Promise<ErasurePolicy> {
    const row = await db('tenants').where({ id: tenantId }).first('erasure_policy');
    return (row?.erasure_policy ?? 'tombstone') as ErasurePolicy;
  }

  /** The request for this digest, made now unless one exists (a repeated request finds the first). */
  async insertOnce(
    row: { tenant_id: string; subject_digest: string; user_id: string; requested_by_key_id: string; policy: ErasurePolicy },
    db: Queryable = this.db,
  ): Promise<{ erasure: ErasureRow; created: boolean }> {
    const inserted = await db.raw<{ rows: ErasureRow[] }>(
      `INSERT INTO erasures (tenant_id, subject_digest, user_id, requested_by_key_id, policy) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, subject_digest) DO NOTHING RETURNING ${COLUMNS}`,
      [row.tenant_id, row.subject_digest, row.user_id, row.requested_by_key_id, row.policy],
    );
    if (inserted.rows[0]) return { erasure: inserted.rows[0], created: true };
    return { erasure: (await this.findByDigest(row.tenant_id, row.subject_digest, db))!, created: false };
  }

  async findByDigest(tenantId: string, digest: string, db: Queryable = this.db): Promise<ErasureRow | undefined> {
    const r = await db.raw<{ rows: ErasureRow[] }>(`SELECT ${COLUMNS} FROM erasures WHERE tenant_id = ? AND subject_digest = ?`, [tenantId, digest]);
    return r.rows[0];
  }

  async find(tenantId: string, id: string, db: Queryable = this.db): Promise<ErasureRow | undefined> {
    const r = await db.raw<{ rows: ErasureRow[] }>(`SELECT ${COLUMNS} FROM erasures WHERE tenant_id = ? AND id = ?`, [tenantId, id]);
    return r.rows[0];
  }

  /** Claims a pending (or failed, being retried) request; undefined when it is done or running elsewhere. */
  async claim(id: string, db: Queryable = this.db): Promise<ErasureRow | undefined> {
    const r = await db.raw<{ rows: ErasureRow[] }>(
      `UPDATE erasures SET status = 'running', error = NULL WHERE id = ? AND status IN ('pending', 'running', 'failed') AND user_id IS NOT NULL RETURNING ${COLUMNS}`,
      [id],
    );
    return r.rows[0];
  }

  /** Done: the counts stay, the user id goes. */
  async finish(id: string, counts: Record<string, number>, db: Queryable = this.db): Promise<void> {
    await db('erasures').where({ id }).update({ status: 'done', user_id: null, counts: JSON.stringify(counts), finished_at: db.fn.now() });
  }

  async fail(id: string, error: string, db: Queryable = this.db): Promise<void> {
    await db('erasures').where({ id }).update({ status: 'failed', error });
  }

  /** The user's stored objects: media no exercise uses, and data exports. */
  async storedObjects(tenantId: string, userId: string, db: Queryable = this.db): Promise<{ assetIds: string[]; exportIds: string[] }> {
    const assets = await db.raw<{ rows: { id: string }[] }>(
      `SELECT m.id FROM media_assets m WHERE m.tenant_id = ? AND m.owner_id = ?
          AND NOT EXISTS (SELECT 1 FROM exercise_videos e WHERE e.media_asset_id = m.id)`,
      [tenantId, userId],
    );
    const exports = await db.raw<{ rows: { id: string }[] }>(`SELECT id FROM data_exports WHERE tenant_id = ? AND user_id = ?`, [tenantId, userId]);
    return { assetIds: assets.rows.map((a) => a.id), exportIds: exports.rows.map((e) => e.id) };
  }

  /**
   * Removes the user from every table, in one transaction (`db`): their threads (with every
   * comment and attempt in them), reports, reads, authorships, exports, statements and notices,
   * their media no exercise uses, and the user row. Their comments in others' threads become
   * tombstones (no author, no body, deleted) or, with "delete", go — except one that others
   * answered, which stays a tombstone so the answers keep their parent. Audit entries they acted in
   * keep the action, without the actor; any other mention of their id in the audit log is replaced.
   * Answers the deleted attempts, for the caller to announce once the transaction committed.
   */
  async erase(tenantId: string, userId: string, policy: ErasurePolicy, db: Queryable): Promise<ErasureOutcome> {
    const counts: Record<string, number> = {};
    const run = async (name: string, sql: string, bindings: unknown[]) => {
      const r = await db.raw<{ rowCount?: number; affectedRows?: number; rows: unknown[] }>(sql, bindings as never);
      counts[name] = (counts[name] ?? 0) + Number(r.rowCount ?? r.affectedRows ?? r.rows?.length ?? 0);
    };
    const { assetIds, exportIds } = await this.storedObjects(tenantId, userId, db);
    // Their attempts would go with their threads and media; deleted first, so it is known which to announce.
    const attempts = await db.raw<{ rows: ErasedAttempt[] }>(
      `DELETE FROM attempts a
        WHERE a.tenant_id = ? AND (a.media_asset_id = ANY(?::uuid[])
              OR a.thread_id IN (SELECT t.id FROM personal_exercise_threads t WHERE t.tenant_id = ? AND t.owner_id = ?))
        RETURNING a.id, a.thread_id, a.number`,
      [tenantId, assetIds, tenantId, userId],
    );
    counts.attempts = attempts.rows.length;
    await run('threads', `DELETE FROM personal_exercise_threads WHERE tenant_id = ? AND owner_id = ?`, [tenantId, userId]);
    if (policy === 'delete') {
      await run(
        'comments_deleted',
        `DELETE FROM video_comments c WHERE c.author_id = ?
           AND NOT EXISTS (SELECT 1 FROM video_comments r WHERE r.parent_id = c.id AND r.author_id IS DISTINCT FROM c.author_id)`,
        [userId],
      );
    }
    await run(
      'comments_tombstoned',
      `UPDATE video_comments SET author_id = NULL, body = '', drawing = NULL, deleted_at = COALESCE(deleted_at, now()),
              idempotency_key = NULL, idempotency_fingerprint = NULL
        WHERE author_id = ?`,
      [userId],
    );
    await run('reports', `DELETE FROM comment_reports WHERE reporter_id = ?`, [userId]);
    // The LMS's roster entry names them (their LMS id and name): it goes, rather than losing only its link (SET NULL).
    await run('roster_entries', `DELETE FROM lti_roster_members WHERE tenant_id = ? AND user_id = ?`, [tenantId, userId]);
    await run('moderation_actions', `UPDATE moderation_actions SET moderator_id = NULL WHERE moderator_id = ?`, [userId]);
    await run('exercises_kept', `UPDATE exercise_videos SET creator_id = NULL WHERE tenant_id = ? AND creator_id = ?`, [tenantId, userId]);
    await run('media_kept', `UPDATE media_assets SET owner_id = NULL WHERE tenant_id = ? AND owner_id = ? AND id <> ALL(?::uuid[])`, [tenantId, userId, assetIds]);
    await run('media', `DELETE FROM media_assets WHERE id = ANY(?::uuid[])`, [assetIds]);
    await run('audit_as_actor', `UPDATE audit_events SET actor_id = NULL, actor_erased = true WHERE actor_kind = 'user' AND actor_id = ?`, [userId]);
    await run(
      'audit_mentions',
      `UPDATE audit_events SET resource = replace(resource, ?, 'erased'), detail = replace(detail::text, ?, 'erased')::jsonb
        WHERE strpos(COALESCE(resource, ''), ?) > 0 OR strpos(detail::text, ?) > 0`,
      [userId, userId, userId, userId],
    );
    // Reads, authorships, LTI memberships, exports, statements and notices go with the user (ON DELETE CASCADE).
    await run('users', `DELETE FROM users WHERE tenant_id = ? AND id = ?`, [tenantId, userId]);
    return { counts, attempts: attempts.rows, assetIds, exportIds };
  }
}
