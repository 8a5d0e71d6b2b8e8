import { mayExportExerciseThreads } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { NotFoundError } from '../errors/domain-errors.ts';
import type { ThreadsService } from '../threads/threads.service.ts';
import { toCsv } from './csv.ts';
import type { ExportSubject } from './export-rows.ts';
import type { ExportExerciseRow, ExportsRepository } from './exports.repository.ts';
import { toWebAnnotation, type AnnotationIris } from './web-annotation.ts';
import { toWebVtt } from './webvtt.ts';

export type ThreadExportFormat = 'vtt' | 'jsonld' | 'csv';
export type ExerciseExportFormat = 'jsonld' | 'csv';

/** A download: its name, its type, and its text as it is read. */
export interface ExportFile {
  fileName: string;
  contentType: string;
  chunks: AsyncIterable<string>;
}

const TYPES: Record<ThreadExportFormat, { contentType: string; extension: string }> = {
  vtt: { contentType: 'text/vtt; charset=utf-8', extension: 'vtt' },
  jsonld: { contentType: 'application/ld+json; charset=utf-8', extension: 'jsonld' },
  csv: { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
};

/** A file name a desktop accepts: no path separators, reserved or control characters. */
export function fileName(parts: string[], extension: string): string {
  const base = parts
    .join(' - ')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${base || 'export'}.${extension}`;
}

/**
 * Thread and exercise exports. Who may export is the access policy's: a thread's owner and its
 * exercise's authors see (and so export) a thread; an exercise's export holds every thread, so
 * only its authors. Anyone else is told "not found".
 */
export class ExportsService {
  constructor(
    private readonly repo: ExportsRepository,
    private readonly threads: ThreadsService,
    private readonly audit: AuditService,
    private readonly publicUrl: string,
  ) {}

  private iris(exercise: ExportExerciseRow, collection: string): AnnotationIris {
    const api = `${this.publicUrl}/api/v1`;
    const video =
      exercise.source_type === 'youtube'
        ? `https://www.youtube.com/watch?v=${exercise.youtube_id}`
        : exercise.source_type === 'url'
          ? exercise.source_url!
          : `${api}/exercises/${exercise.id}/playback`;
    return { collection, video, thread: (id) => `${api}/threads/${id}`, comment: (id) => `${api}/comments/${id}` };
  }

  private file(format: ThreadExportFormat, subject: ExportSubject, iris: AnnotationIris, scope: ({ threadId: string } | { exerciseId: string }) & { attemptId?: string | null }): ExportFile {
    const pages = this.repo.comments(scope);
    const name = fileName(subject.thread ? [subject.exercise.title, subject.thread.student_name] : [subject.exercise.title], TYPES[format].extension);
    const chunks = format === 'vtt' ? toWebVtt(subject, pages) : format === 'csv' ? toCsv(subject, pages) : toWebAnnotation(subject, iris, pages);
    return { fileName: name, contentType: TYPES[format].contentType, chunks };
  }

  /** The model video's comments, or with `attemptId` one attempt's (their times are on that video). */
  async thread(p: Principal, threadId: string, format: ThreadExportFormat, attemptId?: string): Promise<ExportFile> {
    const facts = await this.threads.visibleFacts(p, threadId, 'thread.export');
    const [thread, exercise] = await Promise.all([this.repo.thread(p.tenantId, threadId), this.repo.exercise(p.tenantId, facts.exercise_video_id, null)]);
    if (!thread || !exercise) throw new NotFoundError('thread');
    if (attemptId && !(await this.repo.attemptInThread(threadId, attemptId))) throw new NotFoundError('attempt');
    const subject: ExportSubject = { exercise, thread: { id: thread.id, student_name: thread.student_name } };
    const collection = `${this.publicUrl}/api/v1/threads/${threadId}/export?format=jsonld${attemptId ? `&attempt_id=${attemptId}` : ''}`;
    const iris = this.iris(exercise, collection);
    if (attemptId) iris.video = `${this.publicUrl}/api/v1/attempts/${attemptId}/playback`;
    return this.file(format, subject, iris, { threadId, attemptId: attemptId ?? null });
  }

  async exercise(p: Principal, exerciseId: string, format: ExerciseExportFormat): Promise<ExportFile> {
    const exercise = await this.repo.exercise(p.tenantId, exerciseId, p.kind === 'user' ? p.userId : null);
    if (!exercise || !mayExportExerciseThreads(p, { tenantId: exercise.tenant_id, callerIsAuthor: exercise.caller_is_author })) {
      if (exercise) this.audit.record(p, 'exercise.export', 'denied', `exercise:${exerciseId}`);
      throw new NotFoundError('exercise');
    }
    const collection = `${this.publicUrl}/api/v1/exercises/${exerciseId}/export?format=jsonld`;
    return this.file(format, { exercise }, this.iris(exercise, collection), { exerciseId });
  }
}
