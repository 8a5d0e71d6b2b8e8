import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import type { ThreadScope } from '../access/policy.ts';
import { threadScopeSql } from '../access/thread-scope-sql.ts';
import { statementFamily } from '../db/statement.ts';
import { ServiceUnavailableError } from '../errors/domain-errors.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';
import type { Drawing } from '../contract/comments.ts';
import type { CommentRow } from './comment-view.ts';

export interface NewComment {
  thread_id: string;
  author_id: string;
  t_start_ms: number;
  t_end_ms: number;
  body: string;
  drawing: Drawing | null;
  parent_id: string | null;
  /** The target: one of the thread's attempts, or null for the exercise's video. */
  attempt_id: string | null;
  idempotency_key: string | null;
  idempotency_fingerprint: string | null;
  /** Markers the writer may use (checked before): stored with the comment, in the same statement. */
  marker_ids?: string[];
}

export interface CommentWithThread extends CommentRow {
  tenant_id: string;
  owner_id: string;
  duration_ms: number | null;
  archived: boolean;
  caller_is_author: boolean;
}

const MARKER_JSON = `json_agg(json_build_object('id', m.id, 'label', m.label, 'color', m.color) ORDER BY lower(m.label), m.id)`;

/**
 * Where a row's markers come from: `stored` (comment_markers), `none` (a comment the same statement
 * inserts without markers), `given` (one it inserts with the markers of the `:markers` parameter,
 * which the statement's own insert into comment_markers cannot show it).
 */
type MarkerSource = 'stored' | 'none' | 'given';
const markersSql = (a: string, source: MarkerSource) =>
  source === 'none'
    ? `'[]'::json`
    : source === 'given'
      ? `COALESCE((SELECT ${MARKER_JSON} FROM feedback_markers m WHERE m.id = ANY (CAST(:markers AS uuid[]))), '[]')`
      : `CASE WHEN ${a}.has_markers THEN COALESCE((SELECT ${MARKER_JSON} FROM comment_markers cm JOIN feedback_markers m ON m.id = cm.marker_id WHERE cm.comment_id = ${a}.id), '[]') ELSE '[]'::json END`;

/** The columns of a CommentRow from a comment aliased `a` joined with its author `u`. */
export const commentColumns = (a: string, markers: MarkerSource = 'stored') =>
  `${a}.id, ${a}.thread_id, ${a}.author_id, ${a}.t_start_ms, ${a}.t_end_ms, ${a}.body, ${a}.drawing, ${a}.parent_id, ${a}.attempt_id, ${a}.seq,
   ${a}.created_iso AS created_at, ${a}.updated_iso AS updated_at, et_iso(${a}.edited_at) AS edited_at,
   ${a}.deleted_at IS NOT NULL AS deleted, ${a}.hidden_at IS NOT NULL AS hidden,
   u.display_name AS author_name, u.role AS author_role, ${markersSql(a, markers)} AS markers`;

const SELECT_JOINED = commentColumns('c');

/** Which comments of a thread a list reads: every one, the model's (attempt null), or one attempt's. */
export type TargetFilter = 'all' | 'model' | 'attempt';
const targetSql = (filter: TargetFilter) => (filter === 'model' ? 'AND c.attempt_id IS NULL' : filter === 'attempt' ? 'AND c.attempt_id = CAST(:attempt AS uuid)' : '');

/** What a scoped insert learned: the comment it wrote, or why it wrote nothing. */
export interface ScopedInsert {
  inserted: CommentRow | undefined;
  /** The thread as the caller's scope sees it; undefined when out of scope (or absent). */
  thread: { archived: boolean; duration_ms: number | null } | undefined;
  /** An earlier comment of the caller's with the same idempotency key. */
  prior: { id: string; fingerprint: string | null } | undefined;
  /** The key was taken by a comment of the caller's that committed while this insert ran (a racing retry). */
  keyRaced: boolean;
}

const IDEMPOTENCY_UNIQUE = 'video_comments_author_id_idempotency_key_unique';

type Kind = ThreadScope['kind'];

/** A list's target: see TargetFilter. */
export type Target = { filter: 'all' | 'model' } | { filter: 'attempt'; attemptId: string };
const ALL: Target = { filter: 'all' };

// When nothing is inserted, the row still says why (`t_*`, `prior_*`). A comment's markers are
// written by the same statement, so a comment never exists without the markers it was sent with
// (a retry replays it whole). Keyed by scope kind, `_markers` when it has some. Exported for
// bench/comment-insert-sql.ts.
type InsertKey = Kind | `${Kind}_markers`;
export const insertInScope = statementFamily<InsertKey, Record<string, unknown>>('comment_insert', (key) => {
  const [kind, withMarkers] = [key.replace(/_markers$/, '') as Kind, key.endsWith('_markers')];
  return `
  WITH t AS (
    SELECT t.*, e.duration_ms, e.archived_at IS NOT NULL AS archived
      FROM personal_exercise_threads t JOIN exercise_videos e ON e.id = t.exercise_video_id
     WHERE t.id = :thread AND ${threadScopeSql({ kind })}),
  prior AS (
    SELECT id, idempotency_fingerprint FROM video_comments
     WHERE author_id = :caller AND idempotency_key = :key),
  ins AS (
    INSERT INTO video_comments (thread_id, author_id, t_start_ms, t_end_ms, body, drawing, parent_id, attempt_id, idempotency_key, idempotency_fingerprint, has_markers)
    SELECT t.id, :caller, :start, :end, :body, CAST(:drawing AS jsonb), :parent, CAST(:attempt AS uuid), :key, :fingerprint, ${withMarkers} FROM t
     WHERE NOT t.archived AND (CAST(:attempt AS uuid) IS NOT NULL OR :end <= COALESCE(t.duration_ms, 86400000)) AND NOT EXISTS (SELECT 1 FROM prior)
    RETURNING *)${withMarkers ? `,
  marks AS (
    INSERT INTO comment_markers (tenant_id, comment_id, marker_id)
    SELECT t.tenant_id, ins.id, x.id FROM ins, t, unnest(CAST(:markers AS uuid[])) AS x(id))` : ''}
  SELECT (SELECT archived FROM t) AS t_archived, (SELECT duration_ms FROM t) AS t_duration_ms, EXISTS (SELECT 1 FROM t) AS t_in_scope,
         prior.id AS prior_id, prior.idempotency_fingerprint AS prior_fingerprint, x.*
    FROM (SELECT 1) one
    LEFT JOIN prior ON true
    LEFT JOIN (SELECT ${commentColumns('ins', withMarkers ? 'given' : 'none')} FROM ins LEFT JOIN users u ON u.id = ins.author_id) x ON true`;
});

/**
 * The scoped insert for several comments at once (see CommentsRepository.insertInScope): each row
 * brings its own thread, caller and tenant, and the same rules hold per row as in the one-comment
 * statement, with the same answer per row (`n`, in the order given). Rows are inserted in thread
 * order, so two batches lock threads in one order; the guard trigger still runs per row.
 */
const insertManyInScope = statementFamily<Exclude<Kind, 'none'>, Record<string, unknown>>('comment_insert_batch', (kind) => `
  WITH r AS (
    SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb))
      AS r(n int, id uuid, thread uuid, tenant uuid, caller uuid, start_ms int, end_ms int, body text, drawing jsonb, parent uuid, attempt uuid, key text, print text)),
  -- Each row's thread by its key (LIMIT 1 keeps the lookup from being flattened into a join): a
  -- batch of a few rows otherwise hashed the whole threads table, dead row versions from the comment
  -- trigger's updates included, which was half of PostgreSQL's time per create (issue 16).
  t AS (
    SELECT r.n, x.duration_ms, x.archived FROM r CROSS JOIN LATERAL (
      SELECT e.duration_ms, e.archived_at IS NOT NULL AS archived
        FROM personal_exercise_threads t JOIN exercise_videos e ON e.id = t.exercise_video_id
       WHERE t.id = r.thread AND ${threadScopeSql({ kind }, { tenant: 'r.tenant', caller: 'r.caller' })}
       LIMIT 1) x),
  prior AS (
    SELECT r.n, c.id, c.idempotency_fingerprint FROM r JOIN video_comments c ON c.author_id = r.caller AND c.idempotency_key = r.key),
  ins AS (
    INSERT INTO video_comments (id, thread_id, author_id, t_start_ms, t_end_ms, body, drawing, parent_id, attempt_id, idempotency_key, idempotency_fingerprint, has_markers)
    SELECT r.id, r.thread, r.caller, r.start_ms, r.end_ms, r.body, r.drawing, r.parent, r.attempt, r.key, r.print, false
      FROM r JOIN t ON t.n = r.n
     WHERE NOT t.archived AND (r.attempt IS NOT NULL OR r.end_ms <= COALESCE(t.duration_ms, 86400000))
       AND NOT EXISTS (SELECT 1 FROM prior WHERE prior.n = r.n)
     ORDER BY r.thread, r.n
    RETURNING *)
  SELECT r.n, t.archived AS t_archived, t.duration_ms AS t_duration_ms, t.n IS NOT NULL AS t_in_scope,
         prior.id AS prior_id, prior.idempotency_fingerprint AS prior_fingerprint, x.*
    FROM r LEFT JOIN t ON t.n = r.n LEFT JOIN prior ON prior.n = r.n
    LEFT JOIN (SELECT ${commentColumns('ins', 'none')} FROM ins LEFT JOIN users u ON u.id = ins.author_id) x ON x.id = r.id
   ORDER BY r.n`);

/**
 * Creates go to PostgreSQL as one statement per comment while few are under way; when more arrive
 * than `IN_FLIGHT` statements are running, those that wait go together in the next statement
 * (group commit): one plan, one executor set-up, one commit and WAL flush for many comments, which
 * under load is most of PostgreSQL's work per comment (docs/PERFORMANCE.md, issue 16). One: since
 * a batch looks its threads up by key it is cheap enough that a second statement in flight only
 * halves the batches (A/B on 2 cores: one against two, 1.11–1.26× the creates/s, p99 0.70–0.86).
 */
const IN_FLIGHT = 1;
const MAX_BATCH = 50;

type ScopedKind = Exclude<Kind, 'none'>;
interface PendingInsert {
  scope: Extract<ThreadScope, { kind: ScopedKind }>;
  c: NewComment;
}

/** Statement slots shared by the batches of every scope kind: a batch waits for a free one. */
class Slots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  /** DataLoader's batchScheduleFn: dispatch once a slot is free (after this tick, so its arrivals join). */
  schedule = (dispatch: () => void): void => {
    if (this.busy < IN_FLIGHT) {
      this.busy++;
      process.nextTick(dispatch);
    } else this.waiting.push(dispatch);
  };

  /** A batch's statement is done: the next waiting batch takes its slot. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy--;
  }
}

/**
 * A read's LIMIT is part of its statement, rounded up to one of a few sizes. With `LIMIT $n`
 * PostgreSQL costs the cached generic plan as if a tenth of the thread's rows came back, so once
 * threads have grown to a few hundred comments it plans every read anew, which doubled its work
 * per page read (docs/PERFORMANCE.md, issue 16). Few sizes keep each connection's statements few
 * whatever limits callers ask for; the repository cuts the rows back to the limit asked.
 */
const LIMIT_SIZES = [11, 26, 51, 101, 201] as const;
function limitSize(limit: number): number {
  const size = LIMIT_SIZES.find((s) => s >= limit);
  if (size === undefined || !Number.isInteger(limit)) throw new RangeError(`A page holds at most ${LIMIT_SIZES.at(-1)} rows, not ${limit}.`);
  return size;
}

type PageKey = `${Kind}_${TargetFilter}_${number}`;
const keyOf = (kind: Kind, filter: TargetFilter, limit: number): PageKey => `${kind}_${filter}_${limitSize(limit)}`;
const parseKey = (key: PageKey) => key.split('_') as [Kind, TargetFilter, `${number}`];

const page = ([kind, filter, size]: [Kind, TargetFilter, `${number}`], after: boolean) => `
  SELECT ${SELECT_JOINED} FROM video_comments c LEFT JOIN users u ON u.id = c.author_id
   WHERE c.thread_id = :thread ${targetSql(filter)}
     AND EXISTS (SELECT 1 FROM personal_exercise_threads t WHERE t.id = :thread AND ${threadScopeSql({ kind })})
     ${after ? 'AND (c.t_start_ms, c.id) > (:afterStart, CAST(:afterId AS uuid))' : ''}
   ORDER BY c.t_start_ms, c.id LIMIT ${Number(size)}`;
const pageFirst = statementFamily<PageKey, CommentRow>('comment_page_first', (key) => page(parseKey(key), false));
const pageAfter = statementFamily<PageKey, CommentRow>('comment_page_after', (key) => page(parseKey(key), true));
/** A first page's statement, for test/db/page-plan.test.ts. */
export const firstPageStatement = (kind: Kind, filter: TargetFilter, limit: number) => pageFirst(keyOf(kind, filter, limit));

const since = statementFamily<PageKey, CommentRow>('comment_since', (key) => {
  const [kind, filter, size] = parseKey(key);
  return `
  SELECT ${SELECT_JOINED} FROM video_comments c LEFT JOIN users u ON u.id = c.author_id
   WHERE c.thread_id = :thread AND c.seq > :seq ${targetSql(filter)}
     AND EXISTS (SELECT 1 FROM personal_exercise_threads t WHERE t.id = :thread AND ${threadScopeSql({ kind })})
   ORDER BY c.seq LIMIT ${Number(size)}`;
});

/** A drawing as the JSONB parameter both drivers take (text, cast in the statement). */
const jsonOrNull = (d: Drawing | null): string | null => (d === null ? null : JSON.stringify(d));

/** A batch answers each comment with its result or its Error. */
const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** What a scoped insert's row says: the comment, or why there is none. */
function scopedInsert(row: Record<string, unknown>): ScopedInsert {
  return {
    inserted: row.id ? (row as unknown as CommentRow) : undefined,
    thread: row.t_in_scope ? { archived: row.t_archived as boolean, duration_ms: row.t_duration_ms as number | null } : undefined,
    prior: row.prior_id ? { id: row.prior_id as string, fingerprint: row.prior_fingerprint as string | null } : undefined,
    keyRaced: false,
  };
}

// Plain SQL on the hot paths: Knex's query building was a measurable share of each request.
export class CommentsRepository {
  private readonly db: Queryable;
  private readonly slots = new Slots();
  private readonly batches: Record<ScopedKind, DataLoader<PendingInsert, ScopedInsert>>;

  constructor(db: Connection) {
    this.db = queryable(db);
    const loader = (kind: ScopedKind) =>
      new DataLoader<PendingInsert, ScopedInsert>((items) => this.insertBatch(kind, items), { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn: this.slots.schedule });
    this.batches = { owner: loader('owner'), 'owner-or-author': loader('owner-or-author') };
  }

  /**
   * One round trip for the common case: the insert happens only inside the caller's thread scope
   * (the access policy), before the thread is archived, within the known duration, and when the
   * key is new. When nothing is inserted the caller learns why from `thread` and `prior`, or
   * `keyRaced`. No `ON CONFLICT DO NOTHING`: the comment trigger has written the thread's inbox
   * state by then, naming a comment that a skipped insert would leave absent (see migration
   * 202612080200); a racing retry's insert fails whole on the key's unique index instead.
   */
  async insertInScope(scope: ThreadScope, c: NewComment, db: Queryable = this.db): Promise<ScopedInsert> {
    // Inside a caller's transaction, or with markers (their own insert), it goes alone.
    if (db === this.db && scope.kind !== 'none' && !c.marker_ids?.length) return this.batches[scope.kind].load({ scope, c });
    return this.insertOne(scope, c, db);
  }

  /**
   * A batch of creates: alone, the one-comment statement; together, one statement. When that
   * fails (a constraint, a racing key, a deadlock), nothing of it was written, and each comment is
   * tried again alone, so one comment's failure is its own.
   */
  private async insertBatch(kind: ScopedKind, items: readonly PendingInsert[]): Promise<(ScopedInsert | Error)[]> {
    try {
      if (items.length === 1) return [await this.insertOne(items[0]!.scope, items[0]!.c, this.db)];
      const rows = items.map(({ scope, c }, n) => ({
        n, id: randomUUID(), thread: c.thread_id, tenant: scope.tenantId, caller: c.author_id, start_ms: c.t_start_ms, end_ms: c.t_end_ms,
        body: c.body, drawing: c.drawing, parent: c.parent_id, attempt: c.attempt_id, key: c.idempotency_key, print: c.idempotency_fingerprint,
      }));
      const answers = await insertManyInScope(kind).rows(this.db, { rows: JSON.stringify(rows) }).catch((error: unknown) => {
        // The database is away: each comment alone would only fail the same way.
        if (error instanceof ServiceUnavailableError) throw error;
        return undefined;
      });
      if (answers) return answers.map((row) => scopedInsert(row));
      return await Promise.all(items.map(({ scope, c }) => this.insertOne(scope, c, this.db).catch(asError)));
    } catch (error) {
      return items.map(() => asError(error));
    } finally {
      this.slots.release();
    }
  }

  private async insertOne(scope: ThreadScope, c: NewComment, db: Queryable): Promise<ScopedInsert> {
    const markers = [...new Set(c.marker_ids ?? [])];
    const rows = await insertInScope(markers.length ? `${scope.kind}_markers` : scope.kind).rows(db, {
      thread: c.thread_id,
      tenant: scope.kind === 'none' ? null : scope.tenantId,
      caller: c.author_id,
      start: c.t_start_ms,
      end: c.t_end_ms,
      body: c.body,
      drawing: jsonOrNull(c.drawing),
      parent: c.parent_id,
      attempt: c.attempt_id,
      key: c.idempotency_key,
      fingerprint: c.idempotency_fingerprint,
      ...(markers.length ? { markers } : {}),
    }).catch((error: unknown) => {
      const e = error as { code?: string; constraint?: string };
      if (c.idempotency_key !== null && e.code === '23505' && (e.constraint === undefined || e.constraint === IDEMPOTENCY_UNIQUE)) return undefined;
      throw error;
    });
    if (!rows) return { inserted: undefined, thread: undefined, prior: undefined, keyRaced: true };
    return scopedInsert(rows[0]!);
  }

  async findByIdempotencyKey(authorId: string, key: string, db: Queryable = this.db): Promise<(CommentRow & { idempotency_fingerprint: string }) | undefined> {
    const r = await db.raw<{ rows: (CommentRow & { idempotency_fingerprint: string })[] }>(
      `SELECT ${SELECT_JOINED}, c.idempotency_fingerprint FROM video_comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.author_id = ? AND c.idempotency_key = ?`,
      [authorId, key],
    );
    return r.rows[0];
  }

  /** A comment with what the policy needs about its thread, within the caller's tenant. */
  async findWithThread(tenantId: string, commentId: string, callerId: string, db: Queryable = this.db): Promise<CommentWithThread | undefined> {
    const r = await db.raw<{ rows: CommentWithThread[] }>(
      `SELECT ${SELECT_JOINED}, t.tenant_id, t.owner_id, e.archived_at IS NOT NULL AS archived,
              CASE WHEN c.attempt_id IS NULL THEN e.duration_ms
                   ELSE (SELECT m.duration_ms FROM attempts at JOIN media_assets m ON m.id = at.media_asset_id WHERE at.id = c.attempt_id) END AS duration_ms,
              EXISTS (SELECT 1 FROM exercise_authors a WHERE a.exercise_video_id = t.exercise_video_id AND a.user_id = ?) AS caller_is_author
         FROM video_comments c
         JOIN personal_exercise_threads t ON t.id = c.thread_id
         JOIN exercise_videos e ON e.id = t.exercise_video_id
         LEFT JOIN users u ON u.id = c.author_id
        WHERE c.id = ? AND t.tenant_id = ?`,
      [callerId, commentId, tenantId],
    );
    return r.rows[0];
  }

  async findParent(threadId: string, parentId: string, db: Queryable = this.db): Promise<{ t_start_ms: number; t_end_ms: number; parent_id: string | null; attempt_id: string | null } | undefined> {
    const r = await db.raw<{ rows: { t_start_ms: number; t_end_ms: number; parent_id: string | null; attempt_id: string | null }[] }>(
      'SELECT t_start_ms, t_end_ms, parent_id, attempt_id FROM video_comments WHERE id = ? AND thread_id = ? AND deleted_at IS NULL',
      [parentId, threadId],
    );
    return r.rows[0];
  }

  /**
   * Applies a change; the trigger hands it the thread's next seq. `markers` (checked usable, in
   * the comment's tenant) replaces the comment's markers in the same statement.
   */
  async update(
    commentId: string,
    patch: Partial<{ body: string; drawing: Drawing | null; t_start_ms: number; t_end_ms: number; deleted: true; hidden: boolean; touched: true; markers: { tenantId: string; ids: string[] } }>,
    db: Queryable = this.db,
  ): Promise<CommentRow> {
    const sets: string[] = [];
    const bindings: Knex.ValueDict = { id: commentId };
    for (const column of ['body', 't_start_ms', 't_end_ms'] as const) {
      if (patch[column] === undefined) continue;
      sets.push(`${column} = :${column}`);
      bindings[column] = patch[column];
    }
    if (patch.drawing !== undefined) {
      sets.push('drawing = CAST(:drawing AS jsonb)');
      bindings.drawing = jsonOrNull(patch.drawing);
    }
    // A deleted comment keeps its place and time, not its words or drawing.
    if (patch.deleted) sets.push(`deleted_at = now(), body = '', drawing = NULL`);
    if (patch.hidden !== undefined) sets.push(patch.hidden ? 'hidden_at = now()' : 'hidden_at = NULL');
    // Only its markers changed: the row still takes the thread's next seq, so live and catch-up readers hear of it.
    if (sets.length === 0 && patch.touched) sets.push('updated_at = now()');
    let marks = '';
    if (patch.markers) {
      bindings.markers = [...new Set(patch.markers.ids)];
      bindings.tenant = patch.markers.tenantId;
      sets.push(`has_markers = ${bindings.markers.length > 0}`);
      marks = `, unmarked AS (DELETE FROM comment_markers WHERE comment_id = :id AND marker_id <> ALL (CAST(:markers AS uuid[]))),
       marked AS (INSERT INTO comment_markers (tenant_id, comment_id, marker_id)
                  SELECT :tenant, :id, x.id FROM unnest(CAST(:markers AS uuid[])) AS x(id) ON CONFLICT (comment_id, marker_id) DO NOTHING)`;
    }
    const r = await db.raw<{ rows: CommentRow[] }>(
      `WITH upd AS (UPDATE video_comments SET ${sets.join(', ')} WHERE id = :id RETURNING *)${marks}
       SELECT ${commentColumns('upd', patch.markers ? 'given' : 'stored')} FROM upd LEFT JOIN users u ON u.id = upd.author_id`,
      bindings,
    );
    return r.rows[0]!;
  }

  /**
   * A page of the timeline, by t_start then id after the keyset (never OFFSET), read only within the
   * caller's thread scope: an empty page may mean an empty thread or one out of scope.
   */
  async pageInScope(scope: ThreadScope, threadId: string, after: { tStartMs: number; id: string } | undefined, limit: number, target: Target = ALL, db: Queryable = this.db): Promise<CommentRow[]> {
    const tenant = scope.kind === 'none' ? null : scope.tenantId;
    const caller = scope.kind === 'none' ? null : scope.userId;
    const key = keyOf(scope.kind, target.filter, limit);
    const attempt = target.filter === 'attempt' ? { attempt: target.attemptId } : {};
    const rows = after
      ? await pageAfter(key).rows(db, { thread: threadId, tenant, caller, afterStart: after.tStartMs, afterId: after.id, ...attempt })
      : await pageFirst(key).rows(db, { thread: threadId, tenant, caller, ...attempt });
    return rows.slice(0, limit);
  }

  /** Every comment changed after a seq, in seq order (what a reconnecting client missed), within scope. */
  async sinceInScope(scope: ThreadScope, threadId: string, seq: number, limit: number, target: Target = ALL, db: Queryable = this.db): Promise<CommentRow[]> {
    const tenant = scope.kind === 'none' ? null : scope.tenantId;
    const caller = scope.kind === 'none' ? null : scope.userId;
    const attempt = target.filter === 'attempt' ? { attempt: target.attemptId } : {};
    return (await since(keyOf(scope.kind, target.filter, limit)).rows(db, { thread: threadId, tenant, caller, seq, ...attempt })).slice(0, limit);
  }

  async insertReport(r: { tenant_id: string; comment_id: string; reporter_id: string; reason: string }, db: Queryable = this.db): Promise<{ id: string; status: string; created: boolean }> {
    const inserted = await db.raw<{ rows: { id: string; status: string }[] }>(
      `INSERT INTO comment_reports (tenant_id, comment_id, reporter_id, reason) VALUES (?, ?, ?, ?)
       ON CONFLICT (comment_id, reporter_id) DO NOTHING RETURNING id, status`,
      [r.tenant_id, r.comment_id, r.reporter_id, r.reason],
    );
    if (inserted.rows[0]) return { ...inserted.rows[0], created: true };
    const existing = await db('comment_reports').where({ comment_id: r.comment_id, reporter_id: r.reporter_id }).first('id', 'status');
    return { ...(existing as { id: string; status: string }), created: false };
  }
}
