import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mayEraseUsers, mayTakeDataExport } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import type { AttemptDeletedEvent } from '../contract/attempts.ts';
import type { Database } from '../db/database.ts';
import { ForbiddenError, NotFoundError } from '../errors/domain-errors.ts';
import { assetPrefix } from '../media/media.service.ts';
import type { Storage } from '../storage/storage.ts';
import { zipArchive, type ArchiveEntry } from './data-archive.ts';
import type { DataExportRepository, DataExportRow } from './data-export.repository.ts';
import { jsonDocument } from './data-json.ts';
import type { ErasureRepository, ErasureRow } from './erasure.repository.ts';

/** How long a finished export's link works. */
export const EXPORT_TTL_SECONDS = 24 * 60 * 60;

export const exportPrefix = (tenantId: string, exportId: string) => `exports/${tenantId}/${exportId}/`;

export interface DataExportView {
  id: string;
  status: DataExportRow['status'] | 'expired';
  created_at: string;
  finished_at: string | null;
  expires_at: string | null;
  size_bytes: number | null;
  download_url: string | null;
  error: string | null;
}

export interface ErasureView {
  id: string;
  status: ErasureRow['status'];
  policy: ErasureRow['policy'];
  counts: Record<string, number>;
  created_at: string;
  finished_at: string | null;
}

/** The background work this service hands to the job queue. */
export interface PrivacyQueue {
  buildExport(exportId: string): Promise<void>;
  erase(erasureId: string): Promise<void>;
}

/** A file name inside the archive: the asset id keeps it unique, the name stays recognisable. */
const archiveName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_').slice(-100) || 'file';

/**
 * A person's data (GDPR art. 15, 17, 20): an export of everything about them as one zip, and
 * erasure. Both run in the background; the requests are visible to whoever may ask for them.
 */
export class PrivacyService {
  queue: PrivacyQueue = {
    buildExport: (id) => this.buildExport(id),
    erase: (id) => this.erase(id),
  };

  constructor(
    private readonly db: Database,
    private readonly exports: DataExportRepository,
    private readonly erasures: ErasureRepository,
    private readonly storage: Storage,
    private readonly audit: AuditService,
    /** Refuses the erased user's tokens and closes their live connections. */
    private readonly disconnectUser: (tenantId: string, userId: string) => void,
    /** Announces a deleted attempt (live to its thread's room, and to webhooks), as the learner's own delete does. */
    private readonly attemptDeleted: (event: AttemptDeletedEvent, tenantId: string) => void = () => {},
  ) {}

  private exportView(row: DataExportRow, downloadUrl: string | null): DataExportView {
    const expired = row.status === 'ready' && row.expires_at !== null && Date.parse(row.expires_at) <= Date.now();
    return {
      id: row.id,
      status: expired ? 'expired' : row.status,
      created_at: row.created_at,
      finished_at: row.finished_at,
      expires_at: row.expires_at,
      size_bytes: row.size_bytes === null ? null : Number(row.size_bytes),
      download_url: expired ? null : downloadUrl,
      error: row.error,
    };
  }

  async requestExport(p: Principal, userId: string): Promise<DataExportView> {
    if (!mayTakeDataExport(p, { tenantId: p.tenantId, userId }) || !(await this.exports.userExists(p.tenantId, userId))) {
      this.audit.record(p, 'data_export.request', 'denied', null);
      throw new NotFoundError('user');
    }
    const row = await this.exports.insert({ tenant_id: p.tenantId, user_id: userId, requested_by: p.kind === 'api_key' ? 'api_key' : 'user' });
    this.audit.record(p, 'data_export.request', 'allowed', `data_export:${row.id}`);
    await this.queue.buildExport(row.id);
    return this.exportView(row, null);
  }

  async getExport(p: Principal, id: string): Promise<DataExportView> {
    const row = await this.exports.find(p.tenantId, id);
    if (!row || !mayTakeDataExport(p, { tenantId: row.tenant_id, userId: row.user_id })) throw new NotFoundError('export');
    if (row.status !== 'ready' || !row.object_key || !row.expires_at) return this.exportView(row, null);
    const left = Math.floor((Date.parse(row.expires_at) - Date.now()) / 1000);
    return this.exportView(row, left > 0 ? await this.storage.presignGet(row.object_key, left) : null);
  }

  /** data.json: every section about the user, each read in pages. */
  private dataJson(tenantId: string, userId: string, profile: Record<string, unknown>, media: { id: string; file_name: string; content_type: string; path: string }[]) {
    const r = this.exports;
    return jsonDocument([
      ['format', { kind: 'value', value: { name: 'exercise-threads/data-export', version: 1, created_at: new Date().toISOString() } }],
      ['profile', { kind: 'value', value: profile }],
      ['threads', { kind: 'list', pages: r.threads(userId) }],
      ['attempts', { kind: 'list', pages: r.attempts(userId) }],
      ['comments_in_own_threads', { kind: 'list', pages: r.commentsInOwnThreads(userId) }],
      ['comments_in_others_threads', { kind: 'list', pages: r.commentsElsewhere(userId) }],
      ['grades', { kind: 'list', pages: r.grades(userId) }],
      ['submissions', { kind: 'list', pages: r.submissions(userId) }],
      ['authored_exercises', { kind: 'list', pages: r.authoredExercises(userId) }],
      ['reports', { kind: 'list', pages: r.reports(userId) }],
      ['media', { kind: 'value', value: media }],
      ['learning_records', { kind: 'list', pages: r.learningRecords(userId) }],
      ['audit', { kind: 'list', pages: r.audit(tenantId, userId) }],
    ]);
  }

  /** The job: data.json and the user's media, zipped straight into storage. */
  async buildExport(exportId: string): Promise<void> {
    const row = await this.exports.claim(exportId);
    if (!row) return;
    try {
      const profile = await this.exports.profile(row.tenant_id, row.user_id);
      if (!profile) throw new Error('The user no longer exists.');
      const media: { id: string; file_name: string; content_type: string; path: string }[] = [];
      const entries: ArchiveEntry[] = [];
      for (const m of await this.exports.media(row.tenant_id, row.user_id)) {
        if ((await this.storage.size(m.source_key)) === undefined) continue;
        const path = `media/${m.id}/${archiveName(m.file_name)}`;
        media.push({ id: m.id, file_name: m.file_name, content_type: m.content_type, path });
        entries.push({ path, compress: false, open: () => this.storage.read(m.source_key) });
      }
      const key = `${exportPrefix(row.tenant_id, row.id)}data-export.zip`;
      let size = 0;
      // Counted as it passes (a 'data' listener would start the flow before storage reads it, and lose the first bytes).
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          done(null, chunk);
        },
      });
      await Promise.all([pipeline(zipArchive(this.dataJson(row.tenant_id, row.user_id, profile, media), entries), counted), this.storage.put(key, counted, 'application/zip')]);
      await this.exports.finish(row.id, key, size, EXPORT_TTL_SECONDS);
    } catch (error) {
      await this.exports.fail(row.id, 'The export could not be built; ask for a new one.');
      throw error;
    }
  }

  private static digest(tenantId: string, userId: string): string {
    return createHash('sha256').update(`${tenantId}:${userId.toLowerCase()}`).digest('hex');
  }

  private erasureView(row: ErasureRow): ErasureView {
    return { id: row.id, status: row.status, policy: row.policy, counts: row.counts, created_at: row.created_at, finished_at: row.finished_at };
  }

  /** Asks for an erasure. Repeating it (while it runs, or after) answers the same erasure. */
  async requestErasure(p: Principal, userId: string): Promise<{ erasure: ErasureView; created: boolean }> {
    if (!mayEraseUsers(p)) {
      this.audit.record(p, 'user.erase', 'denied', null);
      throw new ForbiddenError('Only the tenant’s API key erases users.');
    }
    const digest = PrivacyService.digest(p.tenantId, userId);
    const earlier = await this.erasures.findByDigest(p.tenantId, digest);
    if (earlier) return { erasure: this.erasureView(earlier), created: false };
    if (!(await this.erasures.userExists(p.tenantId, userId))) throw new NotFoundError('user');
    const policy = await this.erasures.tenantPolicy(p.tenantId);
    const { erasure, created } = await this.erasures.insertOnce({ tenant_id: p.tenantId, subject_digest: digest, user_id: userId, requested_by_key_id: p.keyId, policy });
    if (created) await this.queue.erase(erasure.id);
    return { erasure: this.erasureView(erasure), created };
  }

  async getErasure(p: Principal, id: string): Promise<ErasureView> {
    const row = mayEraseUsers(p) ? await this.erasures.find(p.tenantId, id) : undefined;
    if (!row) throw new NotFoundError('erasure');
    return this.erasureView(row);
  }

  private async deleteObjects(tenantId: string, objects: { assetIds: string[]; exportIds: string[] }): Promise<void> {
    for (const id of objects.assetIds) await this.storage.deletePrefix(assetPrefix({ tenant_id: tenantId, id }));
    for (const id of objects.exportIds) await this.storage.deletePrefix(exportPrefix(tenantId, id));
  }

  /**
   * The job: the stored objects first (while the rows still say which they are), then the rows
   * in one transaction, then objects made meanwhile, then the record of it (the audit entry names
   * the erasure, never the person). A retry after a crash starts again and finds what is left.
   */
  async erase(erasureId: string): Promise<void> {
    const row = await this.erasures.claim(erasureId);
    if (!row || !row.user_id) return;
    const userId = row.user_id;
    try {
      const before = await this.erasures.storedObjects(row.tenant_id, userId);
      await this.deleteObjects(row.tenant_id, before);
      const outcome = await this.db.transaction((trx) => this.erasures.erase(row.tenant_id, userId, row.policy, trx));
      // Committed: the attempts are gone for good (a retry finds none left to announce again).
      for (const attempt of outcome.attempts) this.attemptDeleted(attempt, row.tenant_id);
      await this.deleteObjects(row.tenant_id, {
        assetIds: outcome.assetIds.filter((id) => !before.assetIds.includes(id)),
        exportIds: outcome.exportIds.filter((id) => !before.exportIds.includes(id)),
      });
      const counts = { ...outcome.counts, media_objects: new Set([...before.assetIds, ...outcome.assetIds]).size, export_objects: new Set([...before.exportIds, ...outcome.exportIds]).size };
      await this.erasures.finish(row.id, counts);
      this.audit.record({ kind: 'api_key', tenantId: row.tenant_id, keyId: row.requested_by_key_id ?? 'unknown' }, 'user.erase', 'allowed', `erasure:${row.id}`, { policy: row.policy });
      this.disconnectUser(row.tenant_id, userId);
    } catch (error) {
      await this.erasures.fail(row.id, 'The erasure failed; it is retried.');
      throw error;
    }
  }
}
