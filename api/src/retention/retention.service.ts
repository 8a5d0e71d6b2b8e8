import type { AuditService } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { assetPrefix } from '../media/media.service.ts';
import type { Storage } from '../storage/storage.ts';
import type { RetentionPolicyRow, RetentionRepository } from './retention.repository.ts';

const SYSTEM = (tenantId: string) => ({ kind: 'api_key' as const, tenantId, keyId: 'retention' });

/**
 * The retention job (run daily by the queue): per tenant with a policy, it warns the authors of
 * archived exercises nearing their end, then deletes those whose warning has run its course —
 * threads, comments and the exercise's uploaded media, rows and stored objects. Each run is
 * written down for the tenant to see; each warning and deletion is audited.
 */
export class RetentionService {
  constructor(
    private readonly db: Database,
    private readonly repo: RetentionRepository,
    private readonly storage: Storage,
    private readonly audit: AuditService,
  ) {}

  async runAll(): Promise<void> {
    for (const policy of await this.repo.policies()) await this.runTenant(policy);
  }

  async runTenant(policy: RetentionPolicyRow): Promise<void> {
    const run = await this.repo.startRun(policy.tenant_id);
    const counts = { warned: 0, deleted_exercises: 0, deleted_threads: 0, deleted_comments: 0, deleted_media: 0 };
    try {
      // Attempts (attempt_days) do not exist yet: their retention lands with them.
      if (policy.archived_exercise_days !== null) {
        const p = { ...policy, archived_exercise_days: policy.archived_exercise_days };
        for (const notice of await this.repo.warn(p)) {
          counts.warned++;
          this.audit.record(SYSTEM(policy.tenant_id), 'retention.warn', 'allowed', `exercise:${notice.exercise_video_id}`, { recipient: `user:${notice.recipient_id}`, delete_after: notice.delete_after });
        }
        for (const exercise of await this.repo.expired(p, run.started_at)) {
          // Objects before rows: were the rows to stay (a crash), the next run finds the exercise again.
          const asset = exercise.media_asset_id;
          if (asset && !(await this.repo.assetUsedElsewhere(asset, exercise.id))) await this.storage.deletePrefix(assetPrefix({ tenant_id: policy.tenant_id, id: asset }));
          const done = await this.db.transaction((trx) => this.repo.deleteExercise(policy.tenant_id, exercise.id, asset, trx));
          if (done.mediaDeleted) counts.deleted_media++;
          counts.deleted_exercises++;
          counts.deleted_threads += done.threads;
          counts.deleted_comments += done.comments;
          this.audit.record(SYSTEM(policy.tenant_id), 'retention.delete', 'allowed', `exercise:${exercise.id}`, { threads: done.threads, comments: done.comments, media: done.mediaDeleted });
        }
      }
      await this.repo.finishRun(run.id, counts, null);
    } catch (error) {
      await this.repo.finishRun(run.id, counts, 'The run stopped on an error; the next run goes on.');
      throw error;
    }
  }
}
