import type { Knex } from 'knex';
import type { AuthorScope } from '../access/policy.ts';
import { authoredThreadsSql } from '../access/thread-scope-sql.ts';
import { type Connection, type Queryable, queryable } from '../db/types.ts';

export interface InboxRow {
  id: string;
  exercise_video_id: string;
  exercise_title: string;
  owner_id: string;
  owner_name: string;
  awaiting_since: Date | null;
  last_activity_at: Date;
  done_at: Date | null;
  last_seq: number;
  unread_count: number;
  last_comment_id: string | null;
  last_comment_author_id: string | null;
  last_comment_author_name: string | null;
  /** At most EXCERPT_CHARS of the latest comment's body; the service decides whether it is shown. */
  last_comment_excerpt: string | null;
  last_comment_at: Date | null;
  last_comment_hidden: boolean;
  /** The student's oldest comment still waiting for a reply, where the thread opens. */
  unanswered_comment_id: string | null;
  unanswered_t_start_ms: number | null;
  /** awaiting_since and last_activity_at at full precision, for keyset cursors. */
  awaiting_cursor: string | null;
  activity_cursor: string;
}

/** Where a page starts: after this row of the inbox's order. */
export type InboxAfter = { awaiting: true; at: string; id: string } | { awaiting: false; at: string; id: string };

export interface InboxFilter {
  exerciseId?: string | undefined;
  /** An LTI context (course) of ours: threads of the exercises placed in it. */
  contextId?: string | undefined;
  /** Part of the student's name, any case. */
  studentName?: string | undefined;
  awaiting?: boolean | undefined;
  after?: InboxAfter | undefined;
  limit: number;
}

export const EXCERPT_CHARS = 200;

const COLUMNS = `
  t.id, t.exercise_video_id, t.owner_id, t.awaiting_since, t.last_activity_at, t.done_at, t.last_seq,
  CAST(t.awaiting_since AS text) AS awaiting_cursor, CAST(t.last_activity_at AS text) AS activity_cursor,
  (SELECT e.title FROM exercise_videos e WHERE e.id = t.exercise_video_id) AS exercise_title,
  (SELECT u.display_name FROM users u WHERE u.id = t.owner_id) AS owner_name,
  (SELECT count(*)::int FROM video_comments c
     WHERE c.thread_id = t.id AND c.deleted_at IS NULL AND c.author_id <> :caller
       AND c.seq > COALESCE((SELECT r.last_read_seq FROM thread_reads r WHERE r.thread_id = t.id AND r.user_id = :caller), 0)) AS unread_count,
  lc.id AS last_comment_id, lc.author_id AS last_comment_author_id, lc.author_name AS last_comment_author_name,
  lc.excerpt AS last_comment_excerpt, lc.created_at AS last_comment_at, COALESCE(lc.hidden, false) AS last_comment_hidden,
  fu.id AS unanswered_comment_id, fu.t_start_ms AS unanswered_t_start_ms`;

/**
 * Each row is dressed by key lookups that stay per row (scalar subqueries, LATERAL ... LIMIT 1):
 * joined instead, a page of 25 would invite hashing whole tables of users and reads.
 */
const DRESSING = `
  LEFT JOIN LATERAL (
    SELECT c.id, c.author_id, left(c.body, ${EXCERPT_CHARS}) AS excerpt, c.created_at, c.hidden_at IS NOT NULL AS hidden,
           (SELECT u.display_name FROM users u WHERE u.id = c.author_id) AS author_name
      FROM video_comments c WHERE c.id = t.last_comment_id LIMIT 1) lc ON true
  LEFT JOIN LATERAL (
    SELECT c.id, c.t_start_ms FROM video_comments c
     WHERE t.awaiting_since IS NOT NULL AND c.thread_id = t.id AND c.author_id = t.owner_id
       AND c.deleted_at IS NULL AND c.created_at >= t.awaiting_since
     ORDER BY c.created_at, c.id LIMIT 1) fu ON true`;

/** Waiting threads first, the longest waiting first; then the rest, latest activity first. */
/** Archived exercises leave the inbox (looked up by key for each candidate thread). */
const OPEN_EXERCISE = '(SELECT e.archived_at IS NULL FROM exercise_videos e WHERE e.id = t.exercise_video_id)';

const ORDER = 'ORDER BY (t.awaiting_since IS NULL), t.awaiting_since, t.last_activity_at DESC, t.id';

/** Escapes LIKE's wildcards, so a name is matched as typed. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function pageQuery(scope: Extract<AuthorScope, { kind: 'author' }>, f: InboxFilter): { sql: string; bindings: Knex.ValueDict } {
  const bindings: Knex.ValueDict = { caller: scope.userId, tenant: scope.tenantId, limit: f.limit };
  const where = [authoredThreadsSql(scope), OPEN_EXERCISE];
  if (f.exerciseId) {
    where.push('t.exercise_video_id = :exercise');
    bindings.exercise = f.exerciseId;
  }
  if (f.contextId) {
    where.push('t.exercise_video_id IN (SELECT ce.exercise_video_id FROM lti_context_exercises ce WHERE ce.context_id = :context AND ce.tenant_id = :tenant)');
    bindings.context = f.contextId;
  }
  if (f.studentName) {
    where.push(`t.owner_id IN (SELECT u.id FROM users u WHERE u.tenant_id = :tenant AND u.display_name ILIKE :name ESCAPE '\\')`);
    bindings.name = likePattern(f.studentName);
  }
  if (f.awaiting !== undefined) where.push(f.awaiting ? 't.awaiting_since IS NOT NULL' : 't.awaiting_since IS NULL');
  if (f.after) {
    bindings.afterAt = f.after.at;
    bindings.afterId = f.after.id;
    where.push(
      f.after.awaiting
        ? '(t.awaiting_since IS NULL OR (t.awaiting_since, t.id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))'
        : `(t.awaiting_since IS NULL AND (t.last_activity_at < CAST(:afterAt AS timestamptz)
             OR (t.last_activity_at = CAST(:afterAt AS timestamptz) AND t.id > CAST(:afterId AS uuid))))`,
    );
  }
  // The page is chosen from the threads alone, then dressed: its few rows are joined by key, so no
  // plan reads a whole table to join it.
  const sql = `WITH page AS MATERIALIZED (
      SELECT t.* FROM personal_exercise_threads t WHERE ${where.join(' AND ')} ${ORDER} LIMIT :limit)
    SELECT ${COLUMNS} FROM page t ${DRESSING} ${ORDER}`;
  return { sql, bindings };
}

export class InboxRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  /** One page of the caller's inbox, keyset-paginated in the inbox's order. */
  async page(scope: AuthorScope, f: InboxFilter, db: Queryable = this.db): Promise<InboxRow[]> {
    if (scope.kind === 'none') return [];
    const { sql, bindings } = pageQuery(scope, f);
    return (await db.raw<{ rows: InboxRow[] }>(sql, bindings)).rows;
  }

  /** The plan PostgreSQL picks for that page (EXPLAIN, FORMAT JSON): tests assert that it reads indexes only. */
  async explainPage(scope: AuthorScope, f: InboxFilter, db: Queryable = this.db): Promise<unknown> {
    if (scope.kind === 'none') return [];
    const { sql, bindings } = pageQuery(scope, f);
    const r = await db.raw<{ rows: { 'QUERY PLAN': unknown }[] }>(`EXPLAIN (FORMAT JSON) ${sql}`, bindings);
    return r.rows[0]!['QUERY PLAN'];
  }

  /** The courses that hold an exercise the caller authors (a course without a title is named by its LMS id). */
  async courses(scope: AuthorScope, db: Queryable = this.db): Promise<{ id: string; title: string }[]> {
    if (scope.kind === 'none') return [];
    const r = await db.raw<{ rows: { id: string; title: string }[] }>(
      `SELECT c.id, COALESCE(NULLIF(c.title, ''), c.context_id) AS title FROM lti_contexts c
        WHERE c.tenant_id = :tenant AND c.id IN (
          SELECT ce.context_id FROM lti_context_exercises ce
           WHERE ce.tenant_id = :tenant AND ce.exercise_video_id = ANY (ARRAY(SELECT a.exercise_video_id FROM exercise_authors a WHERE a.user_id = :caller)))
        ORDER BY 2, c.id`,
      { caller: scope.userId, tenant: scope.tenantId },
    );
    return r.rows;
  }

  /** One thread as an inbox row, when it is in the caller's inbox. */
  async findOne(scope: AuthorScope, threadId: string, db: Queryable = this.db): Promise<InboxRow | undefined> {
    if (scope.kind === 'none') return undefined;
    const r = await db.raw<{ rows: InboxRow[] }>(`SELECT ${COLUMNS} FROM personal_exercise_threads t ${DRESSING} WHERE ${authoredThreadsSql(scope)} AND t.id = :thread`, {
      caller: scope.userId,
      tenant: scope.tenantId,
      thread: threadId,
    });
    return r.rows[0];
  }

  /** The instructors who author a thread's exercise: whose inboxes hold it. */
  async inboxOwners(threadId: string, db: Queryable = this.db): Promise<{ tenant_id: string; user_id: string }[]> {
    const r = await db.raw<{ rows: { tenant_id: string; user_id: string }[] }>(
      `SELECT u.tenant_id, u.id AS user_id FROM personal_exercise_threads t
         JOIN exercise_authors a ON a.exercise_video_id = t.exercise_video_id
         JOIN users u ON u.id = a.user_id AND u.tenant_id = t.tenant_id
        WHERE t.id = ? AND u.role = 'instructor'`,
      [threadId],
    );
    return r.rows;
  }

  /**
   * "No reply needed": the thread stops waiting until the student writes again. Returns whether
   * the thread is in the caller's inbox (nothing is written otherwise).
   */
  async markDone(scope: AuthorScope, threadId: string, db: Queryable = this.db): Promise<boolean> {
    if (scope.kind === 'none') return false;
    const r = await db.raw<{ rows: { id: string }[] }>(
      `UPDATE personal_exercise_threads t SET done_at = now(), awaiting_since = NULL
        WHERE ${authoredThreadsSql(scope)} AND t.id = :thread RETURNING t.id`,
      { caller: scope.userId, tenant: scope.tenantId, thread: threadId },
    );
    return r.rows.length > 0;
  }
}
