import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Knex } from 'knex';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

// These tests write SQL directly, past the API: the database itself must keep threads private.

let db: TestDatabase;
let k: Knex;
const ids: Record<string, string> = {};

async function insert(table: string, row: Record<string, unknown>): Promise<string> {
  const [r] = await k(table).insert(row).returning('id');
  return (r as { id: string }).id;
}

async function rejects(promise: Promise<unknown>, code: string, pattern?: RegExp) {
  await assert.rejects(promise, (error: { code?: string; message: string }) => {
    assert.equal(error.code, code, error.message);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

before(async () => {
  db = await freshDatabase();
  k = db.knex;
  ids.tenant = await insert('tenants', { name: 'A' });
  ids.otherTenant = await insert('tenants', { name: 'B' });
  const user = (tenant: string, ext: string, role: string) => insert('users', { tenant_id: tenant, external_id: ext, display_name: ext, role });
  ids.instructor = await user(ids.tenant, 'i', 'instructor');
  ids.coauthor = await user(ids.tenant, 'ta', 'instructor');
  ids.otherInstructor = await user(ids.tenant, 'i2', 'instructor');
  ids.learner = await user(ids.tenant, 'l1', 'learner');
  ids.otherLearner = await user(ids.tenant, 'l2', 'learner');
  ids.foreignLearner = await user(ids.otherTenant, 'l1', 'learner');
  ids.exercise = await insert('exercise_videos', {
    tenant_id: ids.tenant,
    creator_id: ids.instructor,
    title: 'Swing',
    source_type: 'url',
    source_url: 'https://example.test/a.mp4',
    duration_ms: 60_000,
  });
  await k('exercise_authors').insert([
    { tenant_id: ids.tenant, exercise_video_id: ids.exercise, user_id: ids.instructor },
    { tenant_id: ids.tenant, exercise_video_id: ids.exercise, user_id: ids.coauthor },
  ]);
  ids.thread = await insert('personal_exercise_threads', { tenant_id: ids.tenant, exercise_video_id: ids.exercise, owner_id: ids.learner });
});

after(() => db.close());

const comment = (over: Record<string, unknown> = {}) => ({
  thread_id: ids.thread,
  author_id: ids.learner,
  t_start_ms: 1000,
  t_end_ms: 2000,
  body: 'My left foot is late',
  ...over,
});

describe('comments: who may write', () => {
  test('the owner, the creator and a co-author may write', async () => {
    for (const author of [ids.learner, ids.instructor, ids.coauthor]) {
      await insert('video_comments', comment({ author_id: author }));
    }
    const n = await k('video_comments').where({ thread_id: ids.thread }).count<{ n: string }[]>({ n: '*' });
    assert.equal(Number(n[0]!.n), 3);
  });

  test('another learner of the tenant may not', async () => {
    await rejects(insert('video_comments', comment({ author_id: ids.otherLearner })), '42501', /may not write/);
  });

  test('an instructor who is not an author of the exercise may not', async () => {
    await rejects(insert('video_comments', comment({ author_id: ids.otherInstructor })), '42501');
  });

  test("another tenant's user may not", async () => {
    await rejects(insert('video_comments', comment({ author_id: ids.foreignLearner })), '42501');
  });

  test('a co-author removed from the exercise may no longer edit, but moderation still hides their comment', async () => {
    const id = await insert('video_comments', comment({ author_id: ids.coauthor, body: 'rude' }));
    await k('exercise_authors').where({ exercise_video_id: ids.exercise, user_id: ids.coauthor }).delete();
    try {
      await rejects(k('video_comments').where({ id }).update({ body: 'edited' }), '42501', /may not write/);
      await rejects(k('video_comments').where({ id }).update({ deleted_at: k.fn.now() }), '42501');
      await k('video_comments').where({ id }).update({ hidden_at: k.fn.now() });
      assert.notEqual((await k('video_comments').where({ id }).first()).hidden_at, null);
    } finally {
      await k('exercise_authors').insert({ tenant_id: ids.tenant, exercise_video_id: ids.exercise, user_id: ids.coauthor });
    }
  });

  test('moving a comment to another author is refused', async () => {
    const id = await insert('video_comments', comment());
    await rejects(k('video_comments').where({ id }).update({ author_id: ids.instructor }), '23514');
  });
});

describe('comments: times', () => {
  test('t_start after t_end is refused', async () => {
    await rejects(insert('video_comments', comment({ t_start_ms: 3000, t_end_ms: 2000 })), '23514', /times_check/);
  });

  test('a negative time is refused', async () => {
    await rejects(insert('video_comments', comment({ t_start_ms: -1, t_end_ms: 0 })), '23514', /times_check/);
  });

  test("a time past the exercise's known duration is refused", async () => {
    await rejects(insert('video_comments', comment({ t_start_ms: 59_000, t_end_ms: 60_001 })), '23514', /duration/);
    await insert('video_comments', comment({ t_start_ms: 59_000, t_end_ms: 60_000 }));
  });

  test('an edit past the duration is refused too', async () => {
    const id = await insert('video_comments', comment());
    await rejects(k('video_comments').where({ id }).update({ t_end_ms: 61_000 }), '23514', /duration/);
  });

  test('after the duration shrinks, a comment past it can still be hidden and its words edited, not its times', async () => {
    const id = await insert('video_comments', comment({ t_start_ms: 50_000, t_end_ms: 55_000 }));
    await k('exercise_videos').where({ id: ids.exercise }).update({ duration_ms: 30_000 });
    try {
      await k('video_comments').where({ id }).update({ hidden_at: k.fn.now() });
      await k('video_comments').where({ id }).update({ body: 'still here' });
      await rejects(k('video_comments').where({ id }).update({ t_end_ms: 56_000 }), '23514', /duration/);
    } finally {
      await k('exercise_videos').where({ id: ids.exercise }).update({ duration_ms: 60_000 });
    }
  });
});

describe('comments: sequence', () => {
  test('every change takes the thread’s next seq, so seq only grows', async () => {
    const id = await insert('video_comments', comment());
    const first = await k('video_comments').where({ id }).first();
    await k('video_comments').where({ id }).update({ body: 'edited' });
    const second = await k('video_comments').where({ id }).first();
    const thread = await k('personal_exercise_threads').where({ id: ids.thread }).first();
    assert.ok(second.seq > first.seq);
    assert.equal(second.seq, thread.last_seq);
  });

  test('a reply stays in its parent’s thread, one level deep', async () => {
    const parent = await insert('video_comments', comment());
    const reply = await insert('video_comments', comment({ author_id: ids.instructor, parent_id: parent }));
    await rejects(insert('video_comments', comment({ parent_id: reply })), '23514', /one level/);
  });

  test('a new comment updates its thread in place (HOT), writing no thread index', async () => {
    // An index on a column the comment trigger changes (last_activity_at was one) makes every
    // comment write a new entry into each of the thread's indexes (migration 202612080300).
    const counts = async (trx: Knex.Transaction) => {
      const r = await trx.raw(`SELECT pg_stat_get_xact_tuples_updated(CAST('personal_exercise_threads' AS regclass)) AS updated,
                                      pg_stat_get_xact_tuples_hot_updated(CAST('personal_exercise_threads' AS regclass)) AS hot`);
      return { updated: Number(r.rows[0].updated), hot: Number(r.rows[0].hot) };
    };
    const [before, after] = await k.transaction(async (trx) => {
      const b = await counts(trx);
      for (let i = 0; i < 5; i++) await trx('video_comments').insert(comment({ body: `take ${i}` }));
      return [b, await counts(trx)];
    });
    assert.equal(after.updated - before.updated, 5);
    assert.equal(after.hot - before.hot, 5);
  });
});

describe('threads', () => {
  test('a second thread for the same (owner, exercise) is refused', async () => {
    await rejects(insert('personal_exercise_threads', { tenant_id: ids.tenant, exercise_video_id: ids.exercise, owner_id: ids.learner }), '23505');
  });

  test('a thread whose owner is in another tenant is refused', async () => {
    await rejects(insert('personal_exercise_threads', { tenant_id: ids.tenant, exercise_video_id: ids.exercise, owner_id: ids.foreignLearner }), '23503');
  });

  test("a thread whose exercise is in another tenant is refused", async () => {
    await rejects(
      insert('personal_exercise_threads', { tenant_id: ids.otherTenant, exercise_video_id: ids.exercise, owner_id: ids.foreignLearner }),
      '23503',
    );
  });

  test('an author from another tenant cannot be added to an exercise', async () => {
    await rejects(k('exercise_authors').insert({ tenant_id: ids.tenant, exercise_video_id: ids.exercise, user_id: ids.foreignLearner }), '23503');
  });

  test('an archived exercise’s threads are read-only', async () => {
    const archived = await insert('exercise_videos', {
      tenant_id: ids.tenant,
      creator_id: ids.instructor,
      title: 'Old',
      source_type: 'youtube',
      youtube_id: 'abc',
      archived_at: new Date(),
    });
    const thread = await insert('personal_exercise_threads', { tenant_id: ids.tenant, exercise_video_id: archived, owner_id: ids.otherLearner });
    await rejects(insert('video_comments', comment({ thread_id: thread, author_id: ids.otherLearner })), '23514', /archived/);
  });
});

describe('timestamps', () => {
  test('et_iso writes ISO 8601 UTC with milliseconds, and is inlined into the queries that call it', async () => {
    const r = await k.raw(`SELECT et_iso('2026-11-22 10:11:12.345678+02'::timestamptz) AS iso`);
    assert.equal(r.rows[0].iso, '2026-11-22T08:11:12.345Z');
    // Called as a function (not inlined), it cost three times as much on every comment read.
    const plan = await k.raw(`EXPLAIN VERBOSE SELECT et_iso(now())`);
    const text = plan.rows.map((row: Record<string, string>) => Object.values(row)[0]).join('\n');
    assert.match(text, /to_char\(/);
    assert.doesNotMatch(text, /et_iso\(/);
  });
});

describe('migrations', () => {
  test('every migration has a way back', async () => {
    const fresh = await freshDatabase();
    try {
      await fresh.knex.migrate.rollback(undefined, true);
      const [, pending] = (await fresh.knex.migrate.list()) as [unknown[], unknown[]];
      assert.ok(pending.length >= 13);
      const tables = await fresh.knex.raw(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'knex_%'`);
      assert.equal(tables.rows[0].n, 0);
    } finally {
      await fresh.close();
    }
  });
});
