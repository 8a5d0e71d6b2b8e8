import type { z } from 'zod';
import { authorScope, type AuthorScope } from '../access/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import type { FeedbackListQuery, MarkerView, SnippetView } from '../contract/feedback.ts';
import type { ExercisesRepository } from '../exercises/exercises.repository.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors/domain-errors.ts';
import type { BankRow, FeedbackBankRepository } from './feedback-bank.repository.ts';
import type { MarkerFields, MarkerRow, MarkersRepository } from './markers.repository.ts';
import type { SnippetFields, SnippetRow, SnippetsRepository } from './snippets.repository.ts';

type Author = Extract<AuthorScope, { kind: 'author' }>;
type Sharing = { scope?: 'mine' | 'exercise' | undefined; exercise_id?: string | undefined };

function bankView(row: BankRow) {
  return {
    id: row.id,
    scope: row.exercise_video_id ? ('exercise' as const) : ('mine' as const),
    exercise_id: row.exercise_video_id,
    owner: { id: row.owner_id, name: row.owner_name },
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export const toSnippetView = (row: SnippetRow): SnippetView => ({ ...bankView(row), title: row.title, body: row.body });
export const toMarkerView = (row: MarkerRow): MarkerView => ({ ...bankView(row), label: row.label, color: row.color });

/**
 * One kind of feedback item (snippets, markers): the caller's own, and those shared with the
 * exercises they author, whose every author may change or delete them. Only instructors keep one.
 */
class FeedbackBank<Row extends BankRow, Fields extends Record<string, unknown>, View> {
  constructor(
    private readonly what: 'snippet' | 'marker',
    private readonly items: FeedbackBankRepository<Row, Fields>,
    private readonly toView: (row: Row) => View,
    private readonly exercises: ExercisesRepository,
    private readonly audit: AuditService,
  ) {}

  protected scopeOf(p: Principal, action: string): Author {
    const scope = authorScope(p);
    if (scope.kind === 'none') {
      this.audit.record(p, `${this.what}.${action}`, 'denied', null);
      throw new ForbiddenError('Only instructors keep snippets and markers.');
    }
    return scope;
  }

  async list(p: Principal, q: z.output<typeof FeedbackListQuery>): Promise<{ data: View[]; next_cursor: string | null }> {
    const scope = this.scopeOf(p, 'list');
    const after = q.cursor ? decodeCursor<[string, string]>(q.cursor, ['string', 'string']) : undefined;
    const rows = await this.items.list(scope, {
      scope: q.scope,
      exerciseId: q.exercise_id,
      text: q.q || undefined,
      after: after && { key: after[0], id: after[1] },
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { data: page.map(this.toView), next_cursor: rows.length > q.limit && last ? encodeCursor([last.cursor_key, last.id]) : null };
  }

  async get(p: Principal, id: string): Promise<View> {
    const row = await this.items.findOne(this.scopeOf(p, 'read'), id);
    if (!row) throw new NotFoundError(this.what);
    return this.toView(row);
  }

  async create(p: Principal, body: Sharing & Fields): Promise<View> {
    const scope = this.scopeOf(p, 'create');
    const { scope: _scope, exercise_id, ...fields } = body;
    const row = await this.guard(() => this.items.insert(scope, exercise_id ?? null, fields as unknown as Fields));
    if (!row) throw await this.refusal(p, scope, exercise_id!, 'create');
    return this.toView(row);
  }

  async update(p: Principal, id: string, body: Sharing & Partial<Fields>): Promise<View> {
    const scope = this.scopeOf(p, 'update');
    const { scope: sharing, exercise_id, ...fields } = body;
    const exerciseId = sharing === undefined ? undefined : sharing === 'mine' ? null : exercise_id!;
    const row = await this.guard(() => this.items.update(scope, id, { exerciseId, fields: fields as Partial<Fields> }));
    if (row) return this.toView(row);
    const existing = await this.items.findOne(scope, id);
    if (!existing) throw new NotFoundError(this.what);
    if (existing.owner_id !== scope.userId) throw new ForbiddenError(`Only its owner shares or unshares a ${this.what}.`);
    throw await this.refusal(p, scope, exerciseId!, 'update');
  }

  async delete(p: Principal, id: string): Promise<void> {
    if (!(await this.items.delete(this.scopeOf(p, 'delete'), id))) throw new NotFoundError(this.what);
  }

  /** Why an item could not be shared with an exercise: it is not there, or not the caller's. */
  private async refusal(p: Principal, scope: Author, exerciseId: string, action: string): Promise<DomainError> {
    const exercise = await this.exercises.findById(scope.tenantId, exerciseId);
    if (!exercise) return new NotFoundError('exercise');
    this.audit.record(p, `${this.what}.${action}`, 'denied', `exercise:${exerciseId}`);
    return new ForbiddenError(`Only the exercise's authors share ${this.what}s with it.`);
  }

  /** A label used twice in one bank is the caller's conflict, not a server error. */
  private async guard<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new ConflictError(`That bank already has a ${this.what} with this label.`);
      throw error;
    }
  }
}

export class SnippetsService extends FeedbackBank<SnippetRow, SnippetFields, SnippetView> {
  constructor(snippets: SnippetsRepository, exercises: ExercisesRepository, audit: AuditService) {
    super('snippet', snippets, toSnippetView, exercises, audit);
  }
}

export class MarkersService extends FeedbackBank<MarkerRow, MarkerFields, MarkerView> {
  constructor(
    private readonly markers: MarkersRepository,
    exercises: ExercisesRepository,
    audit: AuditService,
  ) {
    super('marker', markers, toMarkerView, exercises, audit);
  }

  /**
   * The markers a comment's writer attaches: all of them theirs to use, or the write is refused
   * (422 naming marker_ids), so a comment never carries another instructor's private label.
   */
  async checkUsable(p: Principal, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const usable = new Set(await this.markers.usable(authorScope(p), unique));
    const missing = unique.filter((id) => !usable.has(id));
    if (missing.length) {
      throw new ValidationError([{ field: 'marker_ids', message: `No such marker of yours: ${missing.join(', ')}.` }]);
    }
    return unique;
  }
}
