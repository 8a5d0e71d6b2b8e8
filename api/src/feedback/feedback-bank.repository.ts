import type { Knex } from 'knex';
import type { AuthorScope } from '../access/policy.ts';
import { feedbackScopeSql } from '../access/thread-scope-sql.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';

/** What snippets and markers share: whose they are, and the exercise they are shared with, if any. */
export interface BankRow {
  id: string;
  tenant_id: string;
  owner_id: string;
  owner_name: string;
  exercise_video_id: string | null;
  created_at: Date;
  updated_at: Date;
  /** The sort key at full precision, for keyset cursors. */
  cursor_key: string;
}

export type Author = Extract<AuthorScope, { kind: 'author' }>;

export interface BankFilter {
  /** Only the caller's own items, or only those shared with exercises; both when absent. */
  scope?: 'mine' | 'exercise' | undefined;
  /** Shared items of this exercise only (the caller's own still listed unless scope is 'exercise'). */
  exerciseId?: string | undefined;
  /** Part of the sort field (a title, a label), any case. */
  text?: string | undefined;
  after?: { key: string; id: string } | undefined;
  limit: number;
}

/**
 * A bank of feedback items (feedback_snippets, feedback_markers): every read and write goes
 * through the caller's author scope, so an item the caller may not use is neither listed, changed
 * nor deleted, and a shared item can only be created for an exercise the caller authors.
 */
export abstract class FeedbackBankRepository<Row extends BankRow, Fields extends Record<string, unknown>> {
  protected abstract readonly table: string;
  /** The column items are listed by, case-insensitively. */
  protected abstract readonly sortColumn: string;

  protected readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  private select(where: string): string {
    return `SELECT f.*, u.display_name AS owner_name, lower(f.${this.sortColumn}) AS cursor_key
      FROM ${this.table} f JOIN users u ON u.id = f.owner_id WHERE ${feedbackScopeSql({ kind: 'author' })} AND ${where}`;
  }

  async list(scope: AuthorScope, q: BankFilter, db: Queryable = this.db): Promise<Row[]> {
    if (scope.kind === 'none') return [];
    const bindings: Knex.ValueDict = { tenant: scope.tenantId, caller: scope.userId, limit: q.limit };
    const where = ['true'];
    if (q.scope === 'mine') where.push('f.exercise_video_id IS NULL');
    if (q.scope === 'exercise') where.push('f.exercise_video_id IS NOT NULL');
    if (q.exerciseId) {
      where.push('(f.exercise_video_id IS NULL OR f.exercise_video_id = :exercise)');
      bindings.exercise = q.exerciseId;
    }
    if (q.text) {
      where.push(`f.${this.sortColumn} ILIKE :text ESCAPE '\\'`);
      bindings.text = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (q.after) {
      where.push(`(lower(f.${this.sortColumn}), f.id) > (:afterKey, CAST(:afterId AS uuid))`);
      bindings.afterKey = q.after.key;
      bindings.afterId = q.after.id;
    }
    const r = await db.raw<{ rows: Row[] }>(`${this.select(where.join(' AND '))} ORDER BY lower(f.${this.sortColumn}), f.id LIMIT :limit`, bindings);
    return r.rows;
  }

  async findOne(scope: AuthorScope, id: string, db: Queryable = this.db): Promise<Row | undefined> {
    if (scope.kind === 'none') return undefined;
    const r = await db.raw<{ rows: Row[] }>(this.select('f.id = :id'), { tenant: scope.tenantId, caller: scope.userId, id });
    return r.rows[0];
  }

  /** Creates the caller's item, shared with the exercise when one is given; undefined when the caller does not author it. */
  async insert(scope: Author, exerciseId: string | null, fields: Fields, db: Queryable = this.db): Promise<Row | undefined> {
    const names = Object.keys(fields);
    const r = await db.raw<{ rows: { id: string }[] }>(
      `INSERT INTO ${this.table} (tenant_id, owner_id, exercise_video_id, ${names.join(', ')})
       SELECT :tenant, :caller, CAST(:exercise AS uuid), ${names.map((n) => `:f_${n}`).join(', ')}
        WHERE CAST(:exercise AS uuid) IS NULL
           OR EXISTS (SELECT 1 FROM exercise_authors a WHERE a.exercise_video_id = :exercise AND a.user_id = :caller AND a.tenant_id = :tenant)
       RETURNING id`,
      { tenant: scope.tenantId, caller: scope.userId, exercise: exerciseId, ...prefixed(fields) },
    );
    return r.rows[0] && this.findOne(scope, r.rows[0].id, db);
  }

  /**
   * Changes an item the caller may use. `exerciseId` shares it with an exercise the caller
   * authors, or (null) takes it back into its owner's bank: only its owner moves it. Undefined
   * when the item or the target is out of reach.
   */
  async update(scope: Author, id: string, change: { exerciseId?: string | null | undefined; fields: Partial<Fields> }, db: Queryable = this.db): Promise<Row | undefined> {
    const sets = Object.keys(change.fields).filter((n) => change.fields[n] !== undefined).map((n) => `${n} = :f_${n}`);
    const bindings: Knex.ValueDict = { tenant: scope.tenantId, caller: scope.userId, id, ...prefixed(change.fields) };
    let target = '';
    if (change.exerciseId !== undefined) {
      sets.push('exercise_video_id = CAST(:exercise AS uuid)');
      bindings.exercise = change.exerciseId;
      target = `AND f.owner_id = :caller AND (CAST(:exercise AS uuid) IS NULL
        OR EXISTS (SELECT 1 FROM exercise_authors a WHERE a.exercise_video_id = :exercise AND a.user_id = :caller AND a.tenant_id = :tenant))`;
    }
    sets.push('updated_at = now()');
    const r = await db.raw<{ rows: { id: string }[] }>(
      `UPDATE ${this.table} f SET ${sets.join(', ')} WHERE f.id = :id AND ${feedbackScopeSql(scope)} ${target} RETURNING f.id`,
      bindings,
    );
    return r.rows[0] && this.findOne(scope, id, db);
  }

  /** Deletes an item the caller may use; false when there is none. */
  async delete(scope: Author, id: string, db: Queryable = this.db): Promise<boolean> {
    const r = await db.raw<{ rows: unknown[] }>(`DELETE FROM ${this.table} f WHERE f.id = :id AND ${feedbackScopeSql(scope)} RETURNING f.id`, {
      tenant: scope.tenantId,
      caller: scope.userId,
      id,
    });
    return r.rows.length > 0;
  }
}

function prefixed(fields: Record<string, unknown>): Knex.ValueDict {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => [`f_${k}`, v])) as Knex.ValueDict;
}
