import { randomUUID } from 'node:crypto';
import type { ApiKeyPrincipal, Principal } from '../auth/principal.ts';
import { mayCreateExercise } from '../access/policy.ts';
import type { MediaConfig } from '../config.ts';
import type { MediaAssetView, UploadView } from '../contract/media.ts';
import type { Database } from '../db/database.ts';
import type { Transaction } from '../db/types.ts';
import { ForbiddenError, DomainError, NotFoundError, PayloadTooLargeError, ValidationError } from '../errors/domain-errors.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { LocalStorage } from '../storage/local-storage.ts';
import { StorageError, type Storage } from '../storage/storage.ts';
import { browserPlayableAs, probe, type ProbeResult } from './ffmpeg.ts';
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

/** A refusal of an upload once probed: its bytes are removed, the asset fails with the reason. */
export interface AssetRefusal {
  code: string;
  title: string;
  reason: string;
}

/**
 * Another domain that builds on media assets (attempts): it may refuse a probed upload, hears
 * every state change, may keep an asset from being deleted through /media/:id, and deletes what
 * it built on an asset that goes (the sweep of abandoned uploads).
 */
export interface AssetFollower {
  refusal(row: MediaAssetRow, info: ProbeResult): Promise<AssetRefusal | undefined>;
  changed(row: MediaAssetRow): void;
  /** Why the asset may not be deleted on its own, or undefined. */
  inUse(row: MediaAssetRow): Promise<string | undefined>;
  /**
   * Deletes what it built on the asset, in the transaction that deletes the asset; returns what
   * to announce once that transaction has committed (undefined when it had built nothing).
   */
  deleting(row: MediaAssetRow, trx: Transaction): Promise<(() => void) | undefined>;
}

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
    private readonly db: Database,
    private readonly config: MediaConfig,
    readonly storage: Storage,
    private readonly media: MediaRepository,
    private readonly users: UsersRepository,
    private readonly live: LivePublisher,
    /** Queues the asset's transcode (the media jobs' send side). */
    private readonly enqueue: Enqueue,
    private readonly now: () => number = Date.now,
  ) {}

  private readonly followers: AssetFollower[] = [];

  /** Registers a domain that builds on assets (see AssetFollower). */
  follow(follower: AssetFollower): void {
    this.followers.push(follower);
  }

  publish(row: MediaAssetRow): void {
    this.live.user(row.owner_id, { media_asset_id: row.id, status: row.status, error: row.error });
    for (const f of this.followers) f.changed(row);
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

  /** `listed`: ask storage which parts it holds (a resume). A complete upload has no parts left to send. */
  private async uploadView(row: MediaAssetRow, listed: boolean): Promise<UploadView> {
    const size = Number(row.size_bytes);
    const partSize = row.part_size_bytes!;
    const count = Math.max(1, Math.ceil(size / partSize));
    const ttl = this.config.urlTtlSeconds;
    const open = row.status === 'pending' && row.upload_id !== null;
    const uploaded = !open ? undefined : listed ? await this.storage.listParts(row.source_key, row.upload_id!) : [];
    const have = new Set((uploaded ?? []).map((p) => p.partNumber));
    const parts = [];
    for (let n = 1; open && n <= count; n++) {
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
    return this.uploadView(await this.createUpload(p.tenantId, ownerId, body), false);
  }

  /**
   * A new pending asset of `ownerId` and its multipart upload; the caller decided who may. For
   * another domain's media (attempts), which then answers with `startedView`.
   */
  async createUpload(tenantId: string, ownerId: string, body: { file_name: string; size: number; content_type: string }): Promise<MediaAssetRow> {
    if (body.size > this.config.maxBytes) {
      throw new PayloadTooLargeError(`The file is ${body.size} bytes; the most this server accepts is ${this.config.maxBytes} bytes.`);
    }
    const id = randomUUID();
    const sourceKey = `${assetPrefix({ tenant_id: tenantId, id })}source`;
    const uploadId = await this.storage.createMultipartUpload(sourceKey, body.content_type);
    const row = await this.media.insert({
      id,
      tenant_id: tenantId,
      owner_id: ownerId,
      file_name: body.file_name,
      content_type: body.content_type,
      size_bytes: body.size,
      source_key: sourceKey,
      upload_id: uploadId,
      part_size_bytes: this.partSizeFor(body.size),
    });
    return row;
  }

  /** The upload of an asset just made by createUpload: its part URLs. */
  startedView(row: MediaAssetRow): Promise<UploadView> {
    return this.uploadView(row, false);
  }

  /**
   * The upload of an asset another domain already let the caller see (a replayed attempt), as it
   * is now: while pending, what `GET /media/uploads/:id` answers (the parts storage holds, fresh
   * URLs for the rest); once complete, its status and no parts to send.
   */
  currentView(row: MediaAssetRow): Promise<UploadView> {
    return this.uploadView(row, true);
  }

  /** An asset by id in a tenant, for a domain that already decided the caller may use it. */
  assetOf(tenantId: string, id: string): Promise<MediaAssetRow | undefined> {
    return this.media.findById(tenantId, id);
  }

  /** Removes an asset, its upload and its stored files (another domain deleting what it made). */
  async discard(row: MediaAssetRow): Promise<void> {
    await this.purge(row);
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
      await this.refuse(row, { code: 'not-a-video', title: 'Unprocessable media', reason: `The upload is ${stored ?? 0} bytes, not the ${row.size_bytes} announced.` });
    }
    if (!this.transcoding) {
      const waiting = await this.media.transition(row.id, ['pending'], { status: 'uploaded', upload_id: null, error: UNAVAILABLE });
      if (!waiting) throw new ConflictError('This upload is already complete.');
      this.publish(waiting);
      return toAssetView(waiting, false);
    }
    // Trust the bytes, not the name: ffprobe must find a real video stream.
    const info = await probe(this.config.ffprobePath, await readableInput(this.storage, row.source_key));
    if (!info) await this.refuse(row, { code: 'not-a-video', title: 'Unprocessable media', reason: 'The file is not a video that can be played (no video stream found).' });
    for (const f of this.followers) {
      const refusal = await f.refusal(row, info!);
      if (refusal) await this.refuse(row, refusal, info!);
    }
    const uploaded = await this.media.transition(row.id, ['pending'], {
      status: 'uploaded',
      upload_id: null,
      duration_ms: info!.durationMs,
      frame_rate: info!.frameRate,
      playable_as: browserPlayableAs(info!) ?? null,
      error: null,
    });
    if (!uploaded) throw new ConflictError('This upload is already complete.');
    this.publish(uploaded);
    await this.enqueue(uploaded.id);
    return toAssetView(uploaded, true);
  }

  /** Refuses the upload: its bytes are removed, the asset is marked failed with the reason. */
  private async refuse(row: MediaAssetRow, refusal: AssetRefusal, info?: ProbeResult): Promise<never> {
    await this.storage.deletePrefix(assetPrefix(row));
    const probed = info ? { duration_ms: info.durationMs, frame_rate: info.frameRate } : {};
    const failed = await this.media.transition(row.id, ['pending'], { status: 'failed', upload_id: null, error: refusal.reason, ...probed });
    if (failed) this.publish(failed);
    throw new DomainError(422, refusal.code, refusal.title, refusal.reason);
  }

  async get(p: Principal, id: string): Promise<MediaAssetView> {
    return toAssetView(await this.owned(p, id), this.transcoding);
  }

  async remove(p: Principal, id: string): Promise<void> {
    const row = await this.owned(p, id);
    if (await this.media.isUsedByExercise(row.tenant_id, row.id)) {
      throw new ConflictError('An exercise uses this video; delete or change the exercise first.');
    }
    for (const f of this.followers) {
      const why = await f.inUse(row);
      if (why) throw new ConflictError(why);
    }
    await this.purge(row);
  }

  private async purge(row: MediaAssetRow): Promise<void> {
    if (row.status === 'pending' && row.upload_id) await this.storage.abortMultipartUpload(row.source_key, row.upload_id);
    await this.storage.deletePrefix(assetPrefix(row));
    // What followers built on the asset goes in the same transaction; they announce it only once it committed.
    const announcements = await this.db.transaction(async (trx) => {
      const after: (() => void)[] = [];
      for (const f of this.followers) {
        const announce = await f.deleting(row, trx);
        if (announce) after.push(announce);
      }
      await this.media.delete(row.tenant_id, row.id, trx);
      return after;
    });
    for (const announce of announcements) announce();
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
