import type { Queryable } from '../db/types.ts';

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
  metadata: Record<string, unknown>;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type NewExercise = Pick<ExerciseRow, 'tenant_id' | 'creator_id' | 'title' | 'description' | 'source_type'> &
  Partial<Pick<ExerciseRow, 'youtube_id' | 'source_url' | 'media_asset_id' | 'duration_ms' | 'metadata'>>;

export class ExercisesRepository {
  constructor(private readonly db: Queryable) {}

  /** Inserts the exercise and makes its creator its first author. */
  async insert(exercise: NewExercise, db: Queryable): Promise<ExerciseRow> {
    const [row] = await db('exercise_videos')
      .insert({ ...exercise, metadata: JSON.stringify(exercise.metadata ?? {}) })
      .returning('*');
    const created = row as ExerciseRow;
    await db('exercise_authors').insert({ tenant_id: created.tenant_id, exercise_video_id: created.id, user_id: created.creator_id });
    return created;
  }

  async findById(tenantId: string, id: string, db: Queryable = this.db): Promise<ExerciseRow | undefined> {
    return db('exercise_videos').where({ tenant_id: tenantId, id }).first();
  }

  async listByTenant(tenantId: string, db: Queryable = this.db): Promise<ExerciseRow[]> {
    return db('exercise_videos').where({ tenant_id: tenantId }).whereNull('archived_at').orderBy([{ column: 'created_at' }, { column: 'id' }]);
  }
}
