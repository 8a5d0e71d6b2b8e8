import type { z } from 'zod';
import { mayCreateExercise, mayManageExercise } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import type { CreateExerciseBody, ExerciseView, PatchExerciseBody } from '../contract/exercises.ts';
import type { Database } from '../db/database.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors/domain-errors.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { ExerciseRow, ExercisesRepository, NewExercise } from './exercises.repository.ts';
import { youtubeVideoId } from '../youtube/youtube-id.ts';

/** Video metadata from a provider (YouTube oEmbed); undefined when it cannot be had. */
export interface VideoMetadataLookup {
  lookup(url: string): Promise<Record<string, unknown> | undefined>;
}

export function toExerciseView(row: ExerciseRow): ExerciseView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    source: {
      type: row.source_type,
      url: row.source_type === 'youtube' ? `https://www.youtube.com/watch?v=${row.youtube_id}` : row.source_url,
      youtube_id: row.youtube_id,
      media_asset_id: row.media_asset_id,
    },
    duration: row.duration_ms === null ? null : row.duration_ms / 1000,
    speed_control: row.speed_control,
    max_attempts: row.max_attempts ?? null,
    max_attempt_seconds: row.max_attempt_seconds ?? null,
    metadata: row.metadata,
    creator_id: row.creator_id,
    author_ids: row.author_ids,
    archived: row.archived_at !== null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export class ExercisesService {
  constructor(
    private readonly db: Database,
    private readonly exercises: ExercisesRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly live: LivePublisher,
    private readonly metadata: VideoMetadataLookup | undefined = undefined,
  ) {}

  async list(p: Principal, q: { cursor?: string | undefined; limit: number }): Promise<{ data: ExerciseView[]; next_cursor: string | null }> {
    const after = q.cursor ? decodeCursor<[string, string]>(q.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.exercises.list(p.tenantId, after && { createdAt: after[0], id: after[1] }, q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { data: page.map(toExerciseView), next_cursor: rows.length > q.limit && last ? encodeCursor([last.cursor_at!, last.id]) : null };
  }

  /** Anyone of the exercise's tenant sees it (archived ones too: their threads stay readable). */
  async get(p: Principal, id: string): Promise<ExerciseView> {
    return toExerciseView(await this.visible(p, id));
  }

  private async visible(p: Principal, id: string): Promise<ExerciseRow> {
    const row = await this.exercises.findById(p.tenantId, id);
    if (!row) throw new NotFoundError('exercise');
    return row;
  }

  private async manageable(p: Principal, id: string, action: string): Promise<ExerciseRow> {
    const row = await this.visible(p, id);
    const callerIsAuthor = p.kind === 'user' && row.author_ids.includes(p.userId);
    if (!mayManageExercise(p, { tenantId: row.tenant_id, callerIsAuthor })) {
      this.audit.record(p, action, 'denied', `exercise:${id}`);
      throw new ForbiddenError('Only the exercise’s authors may change it.');
    }
    return row;
  }

  async create(p: Principal, body: z.output<typeof CreateExerciseBody>): Promise<ExerciseView> {
    if (!mayCreateExercise(p)) throw new ForbiddenError('Only instructors create exercises.');
    let creatorId: string;
    if (p.kind === 'api_key') {
      if (!body.author_external_id) throw new ValidationError([{ field: 'author_external_id', message: 'Required with an API key: the instructor who authors the exercise.' }]);
      const author = await this.users.findByExternalId(p.tenantId, body.author_external_id);
      if (!author || author.role !== 'instructor') {
        throw new ValidationError([{ field: 'author_external_id', message: 'No instructor with this external id in the tenant (mint them a token first).' }]);
      }
      creatorId = author.id;
    } else {
      if (body.author_external_id !== undefined) throw new ValidationError([{ field: 'author_external_id', message: 'Only an API key names the author.' }]);
      creatorId = p.userId;
    }
    const row: NewExercise = {
      tenant_id: p.tenantId,
      creator_id: creatorId,
      title: body.title,
      description: body.description ?? '',
      source_type: body.source.type,
      duration_ms: body.duration === undefined ? null : Math.round(body.duration * 1000),
      speed_control: body.speed_control ?? true,
      max_attempts: body.max_attempts ?? null,
      max_attempt_seconds: body.max_attempt_seconds ?? null,
      metadata: {},
    };
    const source = body.source;
    if (source.type === 'youtube') {
      const id = youtubeVideoId(source.url);
      if (!id) throw new ValidationError([{ field: 'source.url', message: 'Not a YouTube video URL.' }]);
      row.youtube_id = id;
      // oEmbed is a nicety: when it is unreachable the exercise is made with what the caller gave.
      const meta = await this.metadata?.lookup(source.url).catch(() => undefined);
      if (meta) row.metadata = { ...meta };
    } else if (source.type === 'url') {
      row.source_url = source.url;
    } else {
      // An upload is its owner's: only an exercise they author may use it (an API key names that author).
      const asset = await this.exercises.mediaAssetOwner(p.tenantId, source.media_asset_id);
      if (!asset || asset.owner_id !== creatorId) throw new ValidationError([{ field: 'source.media_asset_id', message: 'No such media asset.' }]);
      row.media_asset_id = source.media_asset_id;
      row.duration_ms ??= asset.duration_ms;
    }
    const created = await this.db.transaction((trx) => this.exercises.insert(row, trx));
    return toExerciseView(created);
  }

  async update(p: Principal, id: string, body: z.output<typeof PatchExerciseBody>): Promise<ExerciseView> {
    await this.manageable(p, id, 'exercise.update');
    const patch: Parameters<ExercisesRepository['update']>[2] = {};
    if (body.title !== undefined) patch.title = body.title;
    if (body.description !== undefined) patch.description = body.description;
    if (body.duration !== undefined) patch.duration_ms = body.duration === null ? null : Math.round(body.duration * 1000);
    if (body.speed_control !== undefined) patch.speed_control = body.speed_control;
    if (body.max_attempts !== undefined) patch.max_attempts = body.max_attempts;
    if (body.max_attempt_seconds !== undefined) patch.max_attempt_seconds = body.max_attempt_seconds;
    await this.exercises.update(p.tenantId, id, patch);
    return this.get(p, id);
  }

  async archive(p: Principal, id: string): Promise<void> {
    await this.manageable(p, id, 'exercise.archive');
    await this.exercises.archive(p.tenantId, id);
  }

  async addAuthor(p: Principal, id: string, userId: string): Promise<ExerciseView> {
    await this.manageable(p, id, 'exercise.add-author');
    const user = await this.users.findById(p.tenantId, userId);
    if (!user || user.role !== 'instructor') throw new ValidationError([{ field: 'user_id', message: 'No instructor with this id in the tenant.' }]);
    await this.exercises.addAuthor(p.tenantId, id, userId);
    return this.get(p, id);
  }

  async removeAuthor(p: Principal, id: string, userId: string): Promise<void> {
    const row = await this.manageable(p, id, 'exercise.remove-author');
    if (row.creator_id === userId) throw new ValidationError([{ field: 'user_id', message: 'The creator stays an author.' }]);
    if ((await this.exercises.removeAuthor(id, userId)) === 0) throw new NotFoundError('author');
    // Access is checked when a socket joins a room: a former author's open sockets must leave.
    this.live.revoke(userId, await this.exercises.threadIds(id));
  }
}
