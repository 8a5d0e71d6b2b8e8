import { type Connection, type Queryable, queryable } from '../db/types.ts';

export type PassbackState = 'pending' | 'sent' | 'failed' | 'not_applicable';

export interface GradeRow {
  thread_id: string;
  tenant_id: string;
  score: number;
  max_score: number;
  comment: string | null;
  grader_id: string | null;
  graded_at: Date;
  passback_state: PassbackState;
  passback_error: string | null;
  passback_at: Date | null;
}

/** A thread's submission (the learner's first comment or attempt) and its passback. */
export interface SubmissionRow {
  thread_id: string;
  tenant_id: string;
  submitted_at: Date;
  passback_state: PassbackState;
  passback_error: string | null;
}

/** A gradebook a thread's grade goes to: a link bound to the thread's exercise that its owner launched from. */
export interface PassbackTarget {
  platform_id: string;
  client_id: string;
  token_url: string;
  issuer: string;
  /** Ours (lti_resource_links.id) and the platform's. */
  link_id: string;
  resource_link_id: string;
  scopes: string[];
  lineitems_url: string | null;
  line_item_url: string | null;
  score_maximum: number | null;
  exercise_id: string;
  exercise_title: string;
  thread_id: string;
  owner_external_id: string;
}

/** Thread grades and where they go. */
export class GradesRepository {
  private readonly db: Queryable;

  constructor(db: Connection) {
    this.db = queryable(db);
  }

  find(threadId: string, db: Queryable = this.db): Promise<GradeRow | undefined> {
    return db('thread_grades').where({ thread_id: threadId }).first();
  }

  async upsert(g: Pick<GradeRow, 'thread_id' | 'tenant_id' | 'score' | 'max_score' | 'comment' | 'grader_id' | 'passback_state'>, db: Queryable = this.db): Promise<GradeRow> {
    const row = { ...g, graded_at: db.fn.now(), passback_error: null, passback_at: null };
    const [saved] = await db('thread_grades').insert(row).onConflict('thread_id').merge().returning('*');
    return saved as GradeRow;
  }

  /**
   * Records the thread's submission once, if `ownerId` owns it; undefined when it was already
   * recorded (or the thread is not theirs): only the first one is posted.
   */
  async insertSubmission(threadId: string, ownerId: string, db: Queryable = this.db): Promise<SubmissionRow | undefined> {
    const r = await db.raw<{ rows: SubmissionRow[] }>(
      `INSERT INTO thread_submissions (thread_id, tenant_id, passback_state)
       SELECT t.id, t.tenant_id, 'pending' FROM personal_exercise_threads t WHERE t.id = ? AND t.owner_id = ?
       ON CONFLICT (thread_id) DO NOTHING RETURNING *`,
      [threadId, ownerId],
    );
    return r.rows[0];
  }

  findSubmission(threadId: string, db: Queryable = this.db): Promise<SubmissionRow | undefined> {
    return db('thread_submissions').where({ thread_id: threadId }).first();
  }

  async setSubmissionPassback(threadId: string, state: PassbackState, error: string | null, db: Queryable = this.db): Promise<void> {
    await db('thread_submissions').where({ thread_id: threadId }).update({ passback_state: state, passback_error: error, passback_at: db.fn.now() });
  }

  async setPassback(threadId: string, state: PassbackState, error: string | null, db: Queryable = this.db): Promise<GradeRow | undefined> {
    const [row] = await db('thread_grades').where({ thread_id: threadId }).update({ passback_state: state, passback_error: error, passback_at: db.fn.now() }).returning('*');
    return row as GradeRow | undefined;
  }

  /** The gradebooks of the thread: each bound link its owner launched from, with a line item service. */
  async targets(threadId: string, db: Queryable = this.db): Promise<PassbackTarget[]> {
    return db('personal_exercise_threads as t')
      .join('exercise_videos as e', 'e.id', 't.exercise_video_id')
      .join('users as u', 'u.id', 't.owner_id')
      .join('lti_resource_links as l', 'l.exercise_video_id', 't.exercise_video_id')
      .join('lti_resource_link_users as lu', (j) => j.on('lu.resource_link_id', 'l.id').andOn('lu.user_id', 't.owner_id'))
      .join('lti_line_items as li', 'li.resource_link_id', 'l.id')
      .join('lti_platforms as p', 'p.id', 'l.platform_id')
      .where('t.id', threadId)
      .whereRaw('t.tenant_id = l.tenant_id')
      .orderBy('l.id')
      .select(
        'p.id as platform_id',
        'p.client_id',
        'p.token_url',
        'p.issuer',
        'l.id as link_id',
        'l.resource_link_id',
        'li.scopes',
        'li.lineitems_url',
        'li.line_item_url',
        'li.score_maximum',
        'e.id as exercise_id',
        'e.title as exercise_title',
        't.id as thread_id',
        'u.external_id as owner_external_id',
      );
  }

  /** The maximum a grade of the thread may have: its line item's, else the exercise's (null: the default). */
  async maxScore(threadId: string, db: Queryable = this.db): Promise<number | null> {
    const row = await db('personal_exercise_threads as t')
      .join('exercise_videos as e', 'e.id', 't.exercise_video_id')
      .where('t.id', threadId)
      .select(
        'e.max_score',
        db.raw(
          `(SELECT li.score_maximum FROM lti_resource_links l
              JOIN lti_resource_link_users lu ON lu.resource_link_id = l.id AND lu.user_id = t.owner_id
              JOIN lti_line_items li ON li.resource_link_id = l.id
             WHERE l.exercise_video_id = t.exercise_video_id AND li.score_maximum IS NOT NULL
             ORDER BY l.id LIMIT 1) AS line_item_max`,
        ),
      )
      .first();
    return (row?.line_item_max as number | null) ?? (row?.max_score as number | null) ?? null;
  }

  async saveLineItem(linkId: string, lineItemUrl: string, scoreMaximum: number | undefined, db: Queryable = this.db): Promise<void> {
    await db('lti_line_items')
      .where({ resource_link_id: linkId })
      .update({ line_item_url: lineItemUrl, ...(scoreMaximum !== undefined && { score_maximum: scoreMaximum }), updated_at: db.fn.now() });
  }
}
