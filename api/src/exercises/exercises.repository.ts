import type { Knex } from 'knex';
import { type Connection, type Queryable, queryable } from '../db/types.ts';

export interface ExerciseRow {
  id: string;
  tenant_id: string;
  creator_id: string;
  title: string;
  description: string;
  source_type: 'youtube' | 'upload' | 'url';
  youtube_id: string | null;
  source_url: string | null;
  media_asset_id: string | null;
  duration_ms: number | null;
  speed_control: boolean;
  /** Attempts each learner may add (failed ones do not count); null: no limit. */
  max_attempts: number | null;
  /** Longest attempt, in seconds; null: no limit. */
  max_attempt_seconds: number | null;
  metadata: Record<string, unknown>;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
  author_ids: string[];
  /** created_at at the database's full (microsecond) precision, for keyset cursors. */
  cursor_at?: string;
}

export type NewExercise = Pick<ExerciseRow, 'tenant_id' | 'creator_id' | 'title' | 'description' | 'source_type'> &
  Partial<Pick<ExerciseRow, 'youtube_id' | 'source_url' | 'media_asset_id' | 'duration_ms' | 'speed_control' | 'max_attempts' | 'max_attempt_seconds' | 'metadata' | 'created_at'>>;

const WITH_AUTHORS = `e.*, COALESCE((SELECT array_agg(a.user_id::text ORDER BY a.created_at) FROM exercise_authors a WHERE a.exercise_video_id = e.id), '{}') AS author_ids`;

export class ExercisesRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  /** Inserts the exercise and makes its creator its first author. */
  async insert(exercise: NewExercise, db: Queryable): Promise<ExerciseRow> {
    const [row] = await db('exercise_videos')
      .insert({ ...exercise, metadata: JSON.stringify(exercise.metadata ?? {}) })
      .returning('*');
    const created = row as ExerciseRow;
    await db('exercise_authors').insert({ tenant_id: created.tenant_id, exercise_video_id: created.id, user_id: created.creator_id });
    return { ...created, author_ids: [created.creator_id] };
  }

  async findById(tenantId: string, id: string, db: Queryable = this.db): Promise<ExerciseRow | undefined> {
    const r = await db.raw<{ rows: ExerciseRow[] }>(`SELECT ${WITH_AUTHORS} FROM exercise_videos e WHERE e.tenant_id = ? AND e.id = ?`, [tenantId, id]);
    return r.rows[0];
  }

  /** The catalogue: the tenant's exercises that are not archived, keyset-paginated by (created_at, id). */
  async list(tenantId: string, after: { createdAt: string; id: string } | undefined, limit: number, db: Queryable = this.db): Promise<ExerciseRow[]> {
    const bindings: Knex.RawBinding[] = [tenantId];
    let keyset = '';
    if (after) {
      keyset = 'AND (e.created_at, e.id) > (CAST(? AS timestamptz), CAST(? AS uuid))';
      bindings.push(after.createdAt, after.id);
    }
    bindings.push(limit);
    const r = await db.raw<{ rows: ExerciseRow[] }>(
      `SELECT ${WITH_AUTHORS}, CAST(e.created_at AS text) AS cursor_at FROM exercise_videos e WHERE e.tenant_id = ? AND e.archived_at IS NULL ${keyset} ORDER BY e.created_at, e.id LIMIT ?`,
      bindings,
    );
    return r.rows;
  }

  async listByTenant(tenantId: string, db: Queryable = this.db): Promise<ExerciseRow[]> {
    return this.list(tenantId, undefined, 200, db);
  }

  async update(tenantId: string, id: string, patch: Partial<Pick<ExerciseRow, 'title' | 'description' | 'duration_ms' | 'speed_control' | 'max_attempts' | 'max_attempt_seconds' | 'metadata'>>, db: Queryable = this.db): Promise<void> {
    const values: Record<string, unknown> = { ...patch, updated_at: db.fn.now() };
    if (patch.metadata) values.metadata = JSON.stringify(patch.metadata);
    await db('exercise_videos').where({ tenant_id: tenantId, id }).update(values);
  }

  async archive(tenantId: string, id: string, db: Queryable = this.db): Promise<void> {
    await db('exercise_videos').where({ tenant_id: tenantId, id }).whereNull('archived_at').update({ archived_at: db.fn.now(), updated_at: db.fn.now() });
  }

  async isAuthor(exerciseId: string, userId: string, db: Queryable = this.db): Promise<boolean> {
    return Boolean(await db('exercise_authors').where({ exercise_video_id: exerciseId, user_id: userId }).first());
  }

  async addAuthor(tenantId: string, exerciseId: string, userId: string, db: Queryable = this.db): Promise<void> {
    await db('exercise_authors').insert({ tenant_id: tenantId, exercise_video_id: exerciseId, user_id: userId }).onConflict(['exercise_video_id', 'user_id']).ignore();
  }

  async removeAuthor(exerciseId: string, userId: string, db: Queryable = this.db): Promise<number> {
    return db('exercise_authors').where({ exercise_video_id: exerciseId, user_id: userId }).delete();
  }

  async threadIds(exerciseId: string, db: Queryable = this.db): Promise<string[]> {
    return (await db('personal_exercise_threads').where({ exercise_video_id: exerciseId }).select('id')).map((r: { id: string }) => r.id);
  }

  async mediaAssetOwner(tenantId: string, assetId: string, db: Queryable = this.db): Promise<{ owner_id: string; duration_ms: number | null } | undefined> {
    return db('media_assets').where({ tenant_id: tenantId, id: assetId }).first('owner_id', 'duration_ms');
  }
}
