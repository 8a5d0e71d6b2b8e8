import { randomUUID } from 'node:crypto';
import type { ApiKeyPrincipal, Principal } from '../auth/principal.ts';
import { mayCreateExercise } from '../access/policy.ts';
import type { MediaConfig } from '../config.ts';
import type { MediaAssetView, UploadView } from '../contract/media.ts';
import { ForbiddenError, DomainError, NotFoundError, PayloadTooLargeError, ValidationError } from '../errors/domain-errors.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { LocalStorage } from '../storage/local-storage.ts';
import { StorageError, type Storage } from '../storage/storage.ts';
import { probe } from './ffmpeg.ts';
import type { MediaAssetRow, MediaRepository, MediaStatus } from './media.repository.ts';

export class ConflictError extends DomainError {
  constructor(detail: string) {
    super(409, 'conflict', 'Conflict', detail);
  }
}

export const TRANSCODE_QUEUE = 'media-transcode';
export const SWEEP_QUEUE = 'media-sweep';
export const UNAVAILABLE = 'Transcoding unavailable: ffmpeg/ffprobe is not installed on the server.';

/** Where an asset's objects live: everything under one prefix, so deleting it is one call. */
export const assetPrefix = (row: Pick<MediaAssetRow, 'tenant_id' | 'id'>) => `assets/${row.tenant_id}/${row.id}/`;

export interface Enqueue {
  (assetId: string): Promise<void>;
}

export function toAssetView(row: MediaAssetRow, transcoding: boolean): MediaAssetView {
  return {
    id: row.id,
    owner_id: row.owner_id,
    file_name: row.file_name,
    content_type: row.content_type,
    size: Number(row.size_bytes),
    status: row.status,
    error: row.error,
    duration: row.duration_ms === null ? null : row.duration_ms / 1000,
    frame_rate: row.frame_rate ?? null,
    renditions: row.renditions,
    transcoding: transcoding ? 'available' : 'unavailable',
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** A path ffprobe/ffmpeg can read: the file itself on local disk, a short-lived URL on S3. */
export async function readableInput(storage: Storage, key: string): Promise<string> {
  return storage instanceof LocalStorage ? storage.fileFor(key) : storage.presignGet(key, 600);
}

/** Uploads: start, resume, complete (probe, then queue the transcode), show, delete, sweep. */
export class MediaService {
  /** Set once at startup: whether ffmpeg and ffprobe can run here. */
  transcoding = true;

  constructor(
    private readonly config: MediaConfig,
    readonly storage: Storage,
    private readonly media: MediaRepository,
    private readonly users: UsersRepository,
    private readonly live: LivePublisher,
    /** Queues the asset's transcode (the media jobs' send side). */
    private readonly enqueue: Enqueue,
    private readonly now: () => number = Date.now,
  ) {}

  publish(row: MediaAssetRow): void {
    this.live.user(row.owner_id, { media_asset_id: row.id, status: row.status, error: row.error });
  }

  private async ownerFor(p: Principal, externalId: string | undefined): Promise<string> {
    if (!mayCreateExercise(p)) throw new ForbiddenError('Only instructors upload exercise videos.');
    if (p.kind === 'user') {
      if (externalId !== undefined) throw new ValidationError([{ field: 'owner_external_id', message: 'Only an API key names the owner.' }]);
      return p.userId;
    }
    return this.ownerByExternalId(p, externalId);
  }

  private async ownerByExternalId(p: ApiKeyPrincipal, externalId: string | undefined): Promise<string> {
    if (!externalId) throw new ValidationError([{ field: 'owner_external_id', message: 'Required with an API key: the instructor who owns the upload.' }]);
    const user = await this.users.findByExternalId(p.tenantId, externalId);
    if (!user || user.role !== 'instructor') throw new ValidationError([{ field: 'owner_external_id', message: 'No instructor with this external id in the tenant.' }]);
    return user.id;
  }

  /** The asset if the caller owns it (or holds the tenant's API key); otherwise it does not exist. */
  async owned(p: Principal, id: string): Promise<MediaAssetRow> {
    const row = await this.media.findById(p.tenantId, id);
    if (!row || (p.kind === 'user' && row.owner_id !== p.userId)) throw new NotFoundError('media asset');
    return row;
  }

  private partSizeFor(size: number): number {
    // S3 allows 10,000 parts; grow the part size for files that would need more.
    return Math.max(this.config.partBytes, Math.ceil(size / 10_000));
  }

  private async uploadView(row: MediaAssetRow, listed: boolean): Promise<UploadView> {
    const size = Number(row.size_bytes);
    const partSize = row.part_size_bytes!;
    const count = Math.max(1, Math.ceil(size / partSize));
    const ttl = this.config.urlTtlSeconds;
    const uploaded = listed ? await this.storage.listParts(row.source_key, row.upload_id!) : [];
    const have = new Set((uploaded ?? []).map((p) => p.partNumber));
    const parts = [];
    for (let n = 1; n <= count; n++) {
      if (!have.has(n)) parts.push({ part_number: n, url: await this.storage.presignPart(row.source_key, row.upload_id!, n, ttl) });
    }
    return {
      id: row.id,
      status: row.status,
      size,
      part_size: partSize,
      part_count: count,
      parts,
      uploaded_parts: uploaded === undefined ? null : uploaded.map((p) => ({ part_number: p.partNumber, etag: p.etag, size: p.size })),
      expires_at: new Date(this.now() + ttl * 1000).toISOString(),
    };
  }

  async startUpload(p: Principal, body: { file_name: string; size: number; content_type: string; owner_external_id?: string | undefined }): Promise<UploadView> {
    const ownerId = await this.ownerFor(p, body.owner_external_id);
    if (body.size > this.config.maxBytes) {
      throw new PayloadTooLargeError(`The file is ${body.size} bytes; the most this server accepts is ${this.config.maxBytes} bytes.`);
    }
    const id = randomUUID();
    const sourceKey = `${assetPrefix({ tenant_id: p.tenantId, id })}source`;
    const uploadId = await this.storage.createMultipartUpload(sourceKey, body.content_type);
    const row = await this.media.insert({
      id,
      tenant_id: p.tenantId,
      owner_id: ownerId,
      file_name: body.file_name,
      content_type: body.content_type,
      size_bytes: body.size,
      source_key: sourceKey,
      upload_id: uploadId,
      part_size_bytes: this.partSizeFor(body.size),
    });
    return this.uploadView(row, false);
  }

  /** After a dropped connection: fresh URLs for the parts storage does not hold yet. */
  async resumeUpload(p: Principal, id: string): Promise<UploadView> {
    const row = await this.owned(p, id);
    if (row.status !== 'pending' || !row.upload_id) throw new ConflictError(`This upload is already complete (status: ${row.status}).`);
    return this.uploadView(row, true);
  }

  async completeUpload(p: Principal, id: string, parts: { part_number: number; etag: string }[]): Promise<MediaAssetView> {
    const row = await this.owned(p, id);
    if (row.status !== 'pending' || !row.upload_id) throw new ConflictError(`This upload is already complete (status: ${row.status}).`);
    const count = Math.max(1, Math.ceil(Number(row.size_bytes) / row.part_size_bytes!));
    const numbers = parts.map((x) => x.part_number).sort((a, b) => a - b);
    if (numbers.length !== count || numbers.some((n, i) => n !== i + 1)) {
      throw new ValidationError([{ field: 'parts', message: `Send the ETag of each of the ${count} parts, numbered 1 to ${count}.` }]);
    }
    try {
      await this.storage.completeMultipartUpload(
        row.source_key,
        row.upload_id,
        parts.map((x) => ({ partNumber: x.part_number, etag: x.etag })),
      );
    } catch (error) {
      if (error instanceof StorageError || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 400) {
        throw new ValidationError([{ field: 'parts', message: 'Storage does not hold these parts: upload the missing ones again (GET the upload to resume).' }]);
      }
      throw error;
    }
    const stored = await this.storage.size(row.source_key);
    if (stored !== Number(row.size_bytes)) {
      await this.refuse(row, `The upload is ${stored ?? 0} bytes, not the ${row.size_bytes} announced.`);
    }
    if (!this.transcoding) {
      const waiting = await this.media.transition(row.id, ['pending'], { status: 'uploaded', upload_id: null, error: UNAVAILABLE });
      if (!waiting) throw new ConflictError('This upload is already complete.');
      this.publish(waiting);
      return toAssetView(waiting, false);
    }
    // Trust the bytes, not the name: ffprobe must find a real video stream.
    const info = await probe(this.config.ffprobePath, await readableInput(this.storage, row.source_key));
    if (!info) await this.refuse(row, 'The file is not a video that can be played (no video stream found).');
    const uploaded = await this.media.transition(row.id, ['pending'], { status: 'uploaded', upload_id: null, duration_ms: info!.durationMs, frame_rate: info!.frameRate, error: null });
    if (!uploaded) throw new ConflictError('This upload is already complete.');
    this.publish(uploaded);
    await this.enqueue(uploaded.id);
    return toAssetView(uploaded, true);
  }

  /** Refuses the upload: its bytes are removed, the asset is marked failed with the reason. */
  private async refuse(row: MediaAssetRow, reason: string): Promise<never> {
    await this.storage.deletePrefix(assetPrefix(row));
    const failed = await this.media.transition(row.id, ['pending'], { status: 'failed', upload_id: null, error: reason });
    if (failed) this.publish(failed);
    throw new DomainError(422, 'not-a-video', 'Unprocessable media', reason);
  }

  async get(p: Principal, id: string): Promise<MediaAssetView> {
    return toAssetView(await this.owned(p, id), this.transcoding);
  }

  async remove(p: Principal, id: string): Promise<void> {
    const row = await this.owned(p, id);
    if (await this.media.isUsedByExercise(row.tenant_id, row.id)) {
      throw new ConflictError('An exercise uses this video; delete or change the exercise first.');
    }
    await this.purge(row);
  }

  private async purge(row: MediaAssetRow): Promise<void> {
    if (row.status === 'pending' && row.upload_id) await this.storage.abortMultipartUpload(row.source_key, row.upload_id);
    await this.storage.deletePrefix(assetPrefix(row));
    await this.media.delete(row.tenant_id, row.id);
  }

  /** Removes uploads started more than `maxAgeMs` ago and never completed. */
  async sweep(maxAgeMs = 24 * 3600 * 1000): Promise<number> {
    let removed = 0;
    for (const row of await this.media.abandoned(new Date(this.now() - maxAgeMs))) {
      await this.purge(row);
      removed++;
    }
    return removed;
  }

  /** The worker's view: the asset moves state only from where it is expected to be. */
  transition(id: string, from: MediaStatus[], patch: Parameters<MediaRepository['transition']>[2]) {
    return this.media.transition(id, from, patch);
  }
}
