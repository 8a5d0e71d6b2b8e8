import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Knex } from 'knex';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { refusedWith as rejects, seeder } from '../helpers/seed-sql.ts';

// SQL written straight through Knex, past the API: the database itself keeps an attempt in its
// thread, a comment's target in its thread and its times within the attempt's duration, numbers
// attempts and applies the exercise's max_attempts.

let db: TestDatabase;
let k: Knex;
type Key = 'tenant' | 'instructor' | 'learner' | 'otherLearner' | 'exercise' | 'thread' | 'otherThread' | 'attempt' | 'shortAttempt' | 'otherAttempt';
const ids = {} as Record<Key, string>;

const insert = (table: string, row: Record<string, unknown>) => seeder(k).insert(table, row);

/** A media asset of `owner`, probed (`duration_ms`) or still uploading (null). */
const asset = (owner: string, durationMs: number | null, status = durationMs === null ? 'pending' : 'uploaded') =>
  insert('media_assets', { tenant_id: ids.tenant, owner_id: owner, file_name: 'a.webm', content_type: 'video/webm', size_bytes: 1000, source_key: `k/${Math.random()}`, status, duration_ms: durationMs });

const attempt = async (thread: string, media: string) => {
  const r = await k.raw<{ rows: { id: string; number: number }[] }>('INSERT INTO attempts (tenant_id, thread_id, media_asset_id, number) VALUES (?, ?, ?, 0) RETURNING id, number', [ids.tenant, thread, media]);
  return r.rows[0]!;
};

const comment = (over: Record<string, unknown> = {}) => insert('video_comments', { thread_id: ids.thread, author_id: ids.learner, t_start_ms: 1000, t_end_ms: 2000, body: 'On my attempt', ...over });

before(async () => {
  db = await freshDatabase();
  k = db.knex;
  const s = seeder(k);
  ids.tenant = await s.tenant('A');
  ids.instructor = await s.user(ids.tenant, 'i', 'instructor');
  ids.learner = await s.user(ids.tenant, 'l1', 'learner');
  ids.otherLearner = await s.user(ids.tenant, 'l2', 'learner');
  ids.exercise = await s.exercise(ids.tenant, 'Swing', [ids.instructor]);
  // The model is 60 s long; attempts are shorter.
  await k('exercise_videos').where({ id: ids.exercise }).update({ duration_ms: 60_000 });
  ids.thread = await s.thread(ids.tenant, ids.exercise, ids.learner);
  ids.otherThread = await s.thread(ids.tenant, ids.exercise, ids.otherLearner);
});

after(() => db.close());

describe('attempts in the database', () => {
  test('attempts are numbered per thread; their media must be the thread owner’s', async () => {
    const one = await attempt(ids.thread, await asset(ids.learner, 10_000));
    const two = await attempt(ids.thread, await asset(ids.learner, 5_000));
    const elsewhere = await attempt(ids.otherThread, await asset(ids.otherLearner, 10_000));
    assert.deepEqual([one.number, two.number, elsewhere.number], [1, 2, 1]);
    ids.attempt = one.id;
    ids.shortAttempt = two.id;
    ids.otherAttempt = elsewhere.id;
    await rejects(attempt(ids.thread, await asset(ids.otherLearner, 10_000)), '42501', /thread's owner/);
    await rejects(attempt(ids.thread, await asset(ids.instructor, 10_000)), '42501');
    await rejects(k('attempts').where({ id: one.id }).update({ number: 7 }), '23514', /keeps its thread, number/);
    await rejects(k('attempts').where({ id: one.id }).update({ thread_id: ids.otherThread }), '23514');
  });

  test('a comment’s attempt must be in the comment’s thread', async () => {
    await rejects(comment({ attempt_id: ids.otherAttempt }), '23503');
    await rejects(comment({ author_id: ids.instructor, attempt_id: ids.otherAttempt }), '23503');
    const ok = await comment({ attempt_id: ids.attempt });
    const row = await k('video_comments').where({ id: ok }).first('attempt_id');
    assert.equal(row.attempt_id, ids.attempt);
    // The target never changes, neither to another attempt nor to the model.
    await rejects(k('video_comments').where({ id: ok }).update({ attempt_id: ids.shortAttempt }), '23514', /target/);
    await rejects(k('video_comments').where({ id: ok }).update({ attempt_id: null }), '23514', /target/);
  });

  test('times fit the attempt’s duration, not the model’s; an attempt without a known duration takes no comment', async () => {
    // The short attempt is 5 s; the model 60 s.
    await rejects(comment({ attempt_id: ids.shortAttempt, t_start_ms: 4000, t_end_ms: 5001 }), '23514', /attempt's duration/);
    await comment({ attempt_id: ids.shortAttempt, t_start_ms: 4000, t_end_ms: 5000 });
    await comment({ t_start_ms: 30_000, t_end_ms: 30_000 });
    const first = await k('video_comments').where({ attempt_id: ids.shortAttempt }).first('id');
    await rejects(k('video_comments').where({ id: first.id }).update({ t_end_ms: 6000 }), '23514', /attempt's duration/);
    const pending = await attempt(ids.thread, await asset(ids.learner, null));
    await rejects(comment({ attempt_id: pending.id, t_start_ms: 0, t_end_ms: 0 }), '23514', /no known duration/);
    const failed = await attempt(ids.thread, await asset(ids.learner, 3000, 'failed'));
    await rejects(comment({ attempt_id: failed.id, t_start_ms: 0, t_end_ms: 0 }), '23514', /no known duration/);
  });

  test('a reply keeps its parent’s target', async () => {
    const parent = await comment({ attempt_id: ids.attempt, author_id: ids.learner });
    await rejects(comment({ parent_id: parent, author_id: ids.instructor }), '23514', /parent's thread and target/);
    await rejects(comment({ parent_id: parent, author_id: ids.instructor, attempt_id: ids.shortAttempt }), '23514');
    await comment({ parent_id: parent, author_id: ids.instructor, attempt_id: ids.attempt });
  });

  test('an author’s first comment sets feedback_at; the owner’s do not', async () => {
    const fresh = await attempt(ids.thread, await asset(ids.learner, 8000));
    await comment({ attempt_id: fresh.id });
    assert.equal((await k('attempts').where({ id: fresh.id }).first('feedback_at')).feedback_at, null);
    await comment({ attempt_id: fresh.id, author_id: ids.instructor });
    assert.notEqual((await k('attempts').where({ id: fresh.id }).first('feedback_at')).feedback_at, null);
  });

  test('deleting an attempt deletes its comments (and nothing else of the thread)', async () => {
    const before = Number((await k('video_comments').where({ thread_id: ids.thread }).whereNull('attempt_id').count<{ n: string }[]>({ n: '*' }))[0]!.n);
    await k('attempts').where({ id: ids.attempt }).delete();
    assert.equal((await k('video_comments').where({ attempt_id: ids.attempt })).length, 0);
    const after = Number((await k('video_comments').where({ thread_id: ids.thread }).whereNull('attempt_id').count<{ n: string }[]>({ n: '*' }))[0]!.n);
    assert.equal(after, before);
  });

  test('max_attempts is applied by the trigger; failed attempts do not count', async () => {
    const counted = Number((await k.raw<{ rows: { n: string }[] }>(`SELECT count(*) AS n FROM attempts a JOIN media_assets m ON m.id = a.media_asset_id WHERE a.thread_id = ? AND m.status <> 'failed'`, [ids.thread])).rows[0]!.n);
    await k('exercise_videos').where({ id: ids.exercise }).update({ max_attempts: counted + 1 });
    const last = await attempt(ids.thread, await asset(ids.learner, 1000));
    await assert.rejects(attempt(ids.thread, await asset(ids.learner, 1000)), (e: { code?: string; constraint?: string }) => e.code === '23514' && e.constraint === 'attempts_max_attempts');
    await k('media_assets').where({ id: (await k('attempts').where({ id: last.id }).first('media_asset_id')).media_asset_id }).update({ status: 'failed' });
    await attempt(ids.thread, await asset(ids.learner, 1000));
    await rejects(k.raw('UPDATE exercise_videos SET max_attempts = 0 WHERE id = ?', [ids.exercise]), '23514');
  });

  test('nothing is added to an archived exercise’s threads', async () => {
    await k('exercise_videos').where({ id: ids.exercise }).update({ archived_at: k.fn.now(), max_attempts: null });
    await assert.rejects(attempt(ids.thread, await asset(ids.learner, 1000)), (e: { constraint?: string }) => e.constraint === 'attempts_exercise_archived');
  });
});
