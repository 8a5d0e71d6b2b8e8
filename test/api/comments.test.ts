import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { makeWorld, type World } from '../helpers/world.ts';

let ctx: TestContext;
let w: World;
const post = (body: unknown, actor = () => w.actors.owner) => ctx.http().post('/api/v1/comments').set(w.as(actor())).send(body as object);

before(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
});
after(() => ctx.close());

describe('POST /comments validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a string time', { t_start: '12' }, 't_start'],
    ['a negative time', { t_start: -1 }, 't_start'],
    ['t_end before t_start', { t_start: 5, t_end: 4 }, 't_end'],
    ['an empty body', { body: '' }, 'body'],
    ['a whitespace body', { body: ' \n\t ' }, 'body'],
    ['a body over 5,000 characters', { body: 'x'.repeat(5001) }, 'body'],
    ['a NUL character, which PostgreSQL cannot store', { body: 'a\u0000b' }, 'body'],
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['a malformed thread id', { thread_id: 'nope' }, 'thread_id'],
    ['a missing time', { t_start: undefined }, 't_start'],
  ];
  for (const [name, patch, field] of cases) {
    test(`${name} is 422 naming ${field}`, async () => {
      const res = await post({ thread_id: w.threadId, t_start: 1, body: 'ok', ...patch });
      assert.equal(res.status, 422);
      assert.match(res.headers['content-type']!, /application\/problem\+json/);
      assert.ok(res.body.errors.some((e: { field: string }) => e.field.includes(field)), JSON.stringify(res.body));
    });
  }

  test('Infinity (1e999 in JSON) is 422, not a 500', async () => {
    const res = await ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).set('content-type', 'application/json')
      .send(`{"thread_id":"${w.threadId}","t_start":1e999,"body":"x"}`);
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].field, 't_start');
  });

  test('a time past the known duration is 422 and counted', async () => {
    // prom-client hands back live objects: read the number at once.
    const before = (await ctx.c.metrics.timecodeValidationFailures.get()).values[0]?.value ?? 0;
    const res = await post({ thread_id: w.threadId, t_start: 59, t_end: 60.5, body: 'late' });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].field, 't_end');
    const afterCount = (await ctx.c.metrics.timecodeValidationFailures.get()).values[0]!.value;
    assert.equal(afterCount, before + 1);
  });

  test('malformed JSON is 400, a wrong content type 415, an oversized body 413', async () => {
    const bad = await ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).set('content-type', 'application/json').send('{"body": ');
    assert.equal(bad.status, 400);
    const form = await ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).type('form').send('body=hi');
    assert.equal(form.status, 415);
    const huge = await post({ thread_id: w.threadId, t_start: 1, body: 'x'.repeat(200_000) });
    assert.equal(huge.status, 413);
    for (const r of [bad, form, huge]) assert.match(r.headers['content-type']!, /application\/problem\+json/);
  });
});

describe('comment times', () => {
  test('a point comment ends where it starts; times round to the millisecond', async () => {
    const res = await post({ thread_id: w.threadId, t_start: 1.23456, body: 'point' });
    assert.equal(res.status, 201);
    assert.equal(res.body.t_start, 1.235);
    assert.equal(res.body.t_end, 1.235);
  });

  test('moving a point comment moves its end; a range keeps its end', async () => {
    const point = await post({ thread_id: w.threadId, t_start: 2, body: 'p' });
    const moved = await ctx.http().patch(`/api/v1/comments/${point.body.id}`).set(w.as(w.actors.owner)).send({ t_start: 7 });
    assert.deepEqual([moved.body.t_start, moved.body.t_end], [7, 7]);
    const range = await post({ thread_id: w.threadId, t_start: 2, t_end: 9, body: 'r' });
    const movedRange = await ctx.http().patch(`/api/v1/comments/${range.body.id}`).set(w.as(w.actors.owner)).send({ t_start: 3 });
    assert.deepEqual([movedRange.body.t_start, movedRange.body.t_end], [3, 9]);
  });

  test('a reply takes its parent’s times and stays one level deep', async () => {
    const parent = await post({ thread_id: w.threadId, t_start: 4, t_end: 6, body: 'parent' });
    const reply = await post({ thread_id: w.threadId, parent_id: parent.body.id, body: 'answer' }, () => w.actors.author);
    assert.equal(reply.status, 201);
    assert.deepEqual([reply.body.t_start, reply.body.t_end, reply.body.parent_id], [4, 6, parent.body.id]);
    const deeper = await post({ thread_id: w.threadId, parent_id: reply.body.id, body: 'too deep' });
    assert.equal(deeper.status, 422);
    assert.equal(deeper.body.errors[0].field, 'parent_id');
  });
});

describe('reading comments', () => {
  test('keyset pages walk the timeline in order with no duplicates', async () => {
    const ex = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'Pages', source: { type: 'youtube', url: 'https://youtu.be/M7lc1UVf-VE' } });
    const thread = await ctx.http().post('/api/v1/threads').set(w.as(w.actors.owner)).send({ exercise_video_id: ex.body.id });
    for (const t of [9, 1, 5, 5, 3, 7, 2]) await post({ thread_id: thread.body.id, t_start: t, body: `at ${t}` });
    const seen: { id: string; t_start: number }[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { data: { id: string; t_start: number }[]; next_cursor: string | null } } = await ctx.http().get(`/api/v1/threads/${thread.body.id}/comments?limit=3${cursor ? `&cursor=${cursor}` : ''}`).set(w.as(w.actors.owner));
      assert.equal(res.status, 200);
      assert.ok(res.body.data.length <= 3);
      seen.push(...res.body.data);
      cursor = res.body.next_cursor;
    } while (cursor);
    assert.deepEqual(seen.map((c) => c.t_start), [1, 2, 3, 5, 5, 7, 9]);
    assert.equal(new Set(seen.map((c) => c.id)).size, 7);
  });

  test('every page size gives exactly its limit, by timeline and by seq (the statements round the limit up)', async () => {
    const ex = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'Sizes', source: { type: 'youtube', url: 'https://youtu.be/M7lc1UVf-VE' } });
    const thread = await ctx.http().post('/api/v1/threads').set(w.as(w.actors.owner)).send({ exercise_video_id: ex.body.id });
    for (let t = 0; t < 30; t++) await post({ thread_id: thread.body.id, t_start: 29 - t, body: `at ${29 - t}` });
    for (const limit of [1, 7, 10, 11, 12, 26, 29, 30, 200]) {
      for (const mode of ['cursor', 'since_seq'] as const) {
        const seen: number[] = [];
        const sizes: number[] = [];
        let next: string | null = mode === 'cursor' ? '' : '0';
        while (next !== null) {
          const from: string = mode === 'cursor' ? (next ? `&cursor=${next}` : '') : `&since_seq=${next}`;
          const res = await ctx.http().get(`/api/v1/threads/${thread.body.id}/comments?limit=${limit}${from}`).set(w.as(w.actors.owner));
          assert.equal(res.status, 200);
          sizes.push(res.body.data.length);
          seen.push(...res.body.data.map((c: { t_start: number; seq: number }) => (mode === 'cursor' ? c.t_start : c.seq)));
          next = mode === 'cursor' ? res.body.next_cursor : res.body.next_cursor && String(res.body.data.at(-1).seq);
        }
        const full = Math.floor(30 / limit);
        const expected = [...Array<number>(full).fill(limit), ...(30 % limit ? [30 % limit] : [])];
        assert.deepEqual(sizes, expected, `${mode}, limit ${limit}`);
        assert.deepEqual(seen, [...seen].sort((a, b) => a - b), `${mode}, limit ${limit}`);
        assert.equal(new Set(seen).size, 30, `${mode}, limit ${limit}`);
      }
    }
  });

  test('since_seq returns every change after N, in seq order, with current state', async () => {
    const start = (await ctx.http().get(`/api/v1/threads/${w.threadId}`).set(w.as(w.actors.owner))).body.last_seq;
    const a = await post({ thread_id: w.threadId, t_start: 11, body: 'a' });
    const b = await post({ thread_id: w.threadId, t_start: 12, body: 'b' });
    await ctx.http().patch(`/api/v1/comments/${a.body.id}`).set(w.as(w.actors.owner)).send({ body: 'a2' });
    await ctx.http().delete(`/api/v1/comments/${b.body.id}`).set(w.as(w.actors.owner));
    const res = await ctx.http().get(`/api/v1/threads/${w.threadId}/comments?since_seq=${start}`).set(w.as(w.actors.author));
    const seqs = res.body.data.map((c: { seq: number }) => c.seq);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y));
    const byId = new Map(res.body.data.map((c: { id: string }) => [c.id, c]));
    assert.equal((byId.get(a.body.id) as { body: string }).body, 'a2');
    const deleted = byId.get(b.body.id) as { deleted: boolean; body: unknown; t_start: number };
    assert.deepEqual([deleted.deleted, deleted.body, deleted.t_start], [true, null, 12]);
  });

  test('a hidden comment keeps its place; only its author still reads it', async () => {
    const c = await post({ thread_id: w.threadId, t_start: 20, body: 'HIDE-ME' });
    await ctx.http().post(`/api/v1/comments/${c.body.id}/reports`).set(w.as(w.actors.author)).send({ reason: 'off-topic' });
    const hidden = await ctx.http().post(`/api/v1/moderation/comments/${c.body.id}/hide`).set(w.as(w.actors.moderator)).send({ reason: 'off-topic' });
    assert.equal(hidden.status, 200);
    const asAuthor = await ctx.http().get(`/api/v1/threads/${w.threadId}/comments?since_seq=0&limit=200`).set(w.as(w.actors.author));
    const seenByAuthor = asAuthor.body.data.find((x: { id: string }) => x.id === c.body.id);
    assert.deepEqual([seenByAuthor.hidden, seenByAuthor.body, seenByAuthor.t_start], [true, null, 20]);
    const asOwner = await ctx.http().get(`/api/v1/threads/${w.threadId}/comments?since_seq=0&limit=200`).set(w.as(w.actors.owner));
    assert.equal(asOwner.body.data.find((x: { id: string }) => x.id === c.body.id).body, 'HIDE-ME');
    const actions = await ctx.db.knex('moderation_actions').where({ comment_id: c.body.id });
    assert.deepEqual(actions.map((a) => a.action), ['hide']);
  });

  test('edited_at moves only with the author’s edit: a moderator’s hide and unhide change updated_at alone', async () => {
    const c = await post({ thread_id: w.threadId, t_start: 22, body: 'first words' });
    assert.equal(c.body.edited_at, null);
    await ctx.http().post(`/api/v1/comments/${c.body.id}/reports`).set(w.as(w.actors.author)).send({ reason: 'check' });
    const hidden = await ctx.http().post(`/api/v1/moderation/comments/${c.body.id}/hide`).set(w.as(w.actors.moderator)).send({ reason: 'check' });
    const unhidden = await ctx.http().post(`/api/v1/moderation/comments/${c.body.id}/unhide`).set(w.as(w.actors.moderator)).send({});
    assert.equal(unhidden.status, 200, JSON.stringify(unhidden.body));
    assert.deepEqual([hidden.body.edited_at, unhidden.body.edited_at], [null, null]);
    assert.notEqual(unhidden.body.updated_at, c.body.updated_at);
    const edited = await ctx.http().patch(`/api/v1/comments/${c.body.id}`).set(w.as(w.actors.owner)).send({ body: 'better words' });
    assert.equal(edited.status, 200);
    assert.ok(edited.body.edited_at && Date.parse(edited.body.edited_at) >= Date.parse(c.body.created_at), JSON.stringify(edited.body));
    // Nobody writes it directly: the database keeps it to the author's edits.
    await ctx.db.knex('video_comments').where({ id: c.body.id }).update({ edited_at: null });
    const row = await ctx.db.knex('video_comments').where({ id: c.body.id }).first();
    assert.equal(new Date(row.edited_at).toISOString(), new Date(edited.body.edited_at).toISOString());
    const deleted = await ctx.http().delete(`/api/v1/comments/${c.body.id}`).set(w.as(w.actors.owner));
    assert.ok(deleted.status === 200 || deleted.status === 204);
    const after = await ctx.db.knex('video_comments').where({ id: c.body.id }).first();
    assert.equal(new Date(after.edited_at).toISOString(), new Date(edited.body.edited_at).toISOString(), 'a delete is no edit');
  });
});

describe('idempotency', () => {
  test('a retry with the same key returns the first answer; another body with the key is 422', async () => {
    const body = { thread_id: w.threadId, t_start: 30, body: 'once' };
    const first = await post(body).set('Idempotency-Key', 'key-1');
    const retry = await post(body).set('Idempotency-Key', 'key-1');
    assert.equal(first.status, 201);
    assert.equal(retry.status, 201);
    assert.equal(retry.body.id, first.body.id);
    const other = await post({ ...body, body: 'twice' }).set('Idempotency-Key', 'key-1');
    assert.equal(other.status, 422);
    const rows = await ctx.db.knex('video_comments').where({ body: 'once' });
    assert.equal(rows.length, 1);
  });

  test('keys are scoped to the caller', async () => {
    const mine = await post({ thread_id: w.threadId, t_start: 31, body: 'owner' }).set('Idempotency-Key', 'shared');
    const theirs = await post({ thread_id: w.threadId, t_start: 31, body: 'author' }, () => w.actors.author).set('Idempotency-Key', 'shared');
    assert.notEqual(mine.body.id, theirs.body.id);
  });
});

test('no request above met an unexpected error', () => assert.deepEqual(ctx.unexpected, []));
