import { type Connection, type Queryable, queryable } from '../db/types.ts';
import type { RenditionView } from '../contract/media.ts';

export type MediaStatus = 'pending' | 'uploaded' | 'processing' | 'ready' | 'failed';

export interface MediaAssetRow {
  id: string;
  tenant_id: string;
  owner_id: string;
  file_name: string;
  content_type: string;
  size_bytes: string | number;
  source_key: string;
  upload_id: string | null;
  part_size_bytes: number | null;
  status: MediaStatus;
  renditions: RenditionView[];
  master_key: string | null;
  poster_key: string | null;
  duration_ms: number | null;
  /** Frames per second from the probe; null when unknown. */
  frame_rate: number | null;
  /** The MIME type browsers play the original as (set by the probe); null when they cannot. */
  playable_as: 'video/mp4' | 'video/webm' | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

export class MediaRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  async insert(row: Pick<MediaAssetRow, 'id' | 'tenant_id' | 'owner_id' | 'file_name' | 'content_type' | 'source_key' | 'upload_id' | 'part_size_bytes'> & { size_bytes: number }): Promise<MediaAssetRow> {
    const [created] = await this.db('media_assets').insert(row).returning('*');
    return created as MediaAssetRow;
  }

  async findById(tenantId: string, id: string, db: Queryable = this.db): Promise<MediaAssetRow | undefined> {
    return db('media_assets').where({ tenant_id: tenantId, id }).first();
  }

  /** For the worker and signed playlist requests, which carry an asset id but no caller. */
  async findAnyById(id: string): Promise<MediaAssetRow | undefined> {
    return this.db('media_assets').where({ id }).first();
  }

  /**
   * Moves an asset between states only from the expected ones, so two racing callers (a retried
   * job, a double "complete") cannot both win. Returns the row when this call made the move.
   */
  async transition(id: string, from: MediaStatus[], patch: Partial<Omit<MediaAssetRow, 'renditions'>> & { renditions?: RenditionView[] }, db: Queryable = this.db): Promise<MediaAssetRow | undefined> {
    const values: Record<string, unknown> = { ...patch, updated_at: db.fn.now() };
    if (patch.renditions) values.renditions = JSON.stringify(patch.renditions);
    const [row] = await db('media_assets').where({ id }).whereIn('status', from).update(values).returning('*');
    return row as MediaAssetRow | undefined;
  }

  /** Once the duration is known, exercises made from this asset bound their comments by it. */
  async setExerciseDurations(assetId: string, durationMs: number, db: Queryable = this.db): Promise<void> {
    await db('exercise_videos').where({ media_asset_id: assetId }).whereNull('duration_ms').update({ duration_ms: durationMs, updated_at: db.fn.now() });
  }

  async isUsedByExercise(tenantId: string, assetId: string, db: Queryable = this.db): Promise<boolean> {
    return (await db('exercise_videos').where({ tenant_id: tenantId, media_asset_id: assetId }).first('id')) !== undefined;
  }

  async delete(tenantId: string, id: string, db: Queryable = this.db): Promise<void> {
    await db('media_assets').where({ tenant_id: tenantId, id }).delete();
  }

  /** Uploads started but never completed before `before`. */
  async abandoned(before: Date, limit = 100): Promise<MediaAssetRow[]> {
    return this.db('media_assets').where('status', 'pending').where('created_at', '<', before).orderBy('created_at').limit(limit);
  }
}
