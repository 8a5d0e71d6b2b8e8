import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { makeWorld, type Actor, type World } from '../helpers/world.ts';

// /snippets and /markers: CRUD and the sharing rules (one's own; an exercise's, for its authors).

let ctx: TestContext;
let w: World;

const call = (actor: Actor, method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: object) => {
  const req = ctx.http()[method](`/api/v1${path}`).set(w.as(actor));
  return body ? req.send(body) : req;
};

before(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
});

after(() => ctx.close());

describe('snippets', () => {
  test('CRUD of one’s own; nobody else sees it', async () => {
    const created = await call(w.actors.author, 'post', '/snippets', { title: 'Grip', body: 'Relax your grip.' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.location, `/api/v1/snippets/${created.body.id}`);
    assert.equal(created.body.scope, 'mine');
    assert.equal(created.body.exercise_id, null);
    const id = created.body.id;
    assert.equal((await call(w.actors.author, 'patch', `/snippets/${id}`, { body: 'Softer grip.' })).body.body, 'Softer grip.');
    assert.equal((await call(w.actors.author, 'get', `/snippets/${id}`)).body.body, 'Softer grip.');
    for (const actor of [w.actors.coauthor, w.actors.otherInstructor, w.actors.foreignInstructor]) {
      assert.equal((await call(actor, 'get', `/snippets/${id}`)).status, 404);
      assert.equal((await call(actor, 'patch', `/snippets/${id}`, { body: 'x' })).status, 404);
      assert.equal((await call(actor, 'delete', `/snippets/${id}`)).status, 404);
      assert.deepEqual((await call(actor, 'get', '/snippets')).body.data, []);
    }
    assert.equal((await call(w.actors.author, 'delete', `/snippets/${id}`)).status, 204);
    assert.equal((await call(w.actors.author, 'get', `/snippets/${id}`)).status, 404);
  });

  test("an exercise's snippets are its authors': a co-author uses, edits and deletes them; only the owner unshares", async () => {
    const shared = await call(w.actors.author, 'post', '/snippets', { scope: 'exercise', exercise_id: w.exerciseId, title: 'Tempo', body: 'Count the bars.' });
    assert.equal(shared.status, 201, shared.text);
    const id = shared.body.id;
    const seen = await call(w.actors.coauthor, 'get', `/snippets?exercise_id=${w.exerciseId}`);
    assert.deepEqual(seen.body.data.map((s: { title: string }) => s.title), ['Tempo']);
    assert.equal((await call(w.actors.coauthor, 'patch', `/snippets/${id}`, { title: 'Tempo!' })).body.title, 'Tempo!');
    assert.equal((await call(w.actors.coauthor, 'patch', `/snippets/${id}`, { scope: 'mine' })).status, 403);
    assert.deepEqual((await call(w.actors.otherInstructor, 'get', '/snippets')).body.data, []);
    assert.equal((await call(w.actors.coauthor, 'delete', `/snippets/${id}`)).status, 204);
  });

  test('sharing with an exercise one does not author is 403; with none that exists, 404; bad bodies 422', async () => {
    assert.equal((await call(w.actors.otherInstructor, 'post', '/snippets', { scope: 'exercise', exercise_id: w.exerciseId, title: 't', body: 'b' })).status, 403);
    assert.equal((await call(w.actors.author, 'post', '/snippets', { scope: 'exercise', exercise_id: w.threadId, title: 't', body: 'b' })).status, 404);
    for (const bad of [{ title: '', body: 'b' }, { title: 't', body: ' ' }, { scope: 'exercise', title: 't', body: 'b' }, { exercise_id: w.exerciseId, title: 't', body: 'b' }, { title: 't', body: 'b', extra: 1 }]) {
      const res = await call(w.actors.author, 'post', '/snippets', bad);
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.match(res.headers['content-type'] ?? '', /problem\+json/);
    }
  });

  test('learners, moderators and API keys keep no bank (403)', async () => {
    assert.equal((await call(w.actors.owner, 'get', '/snippets')).status, 403);
    assert.equal((await call(w.actors.moderator, 'post', '/markers', { label: 'x', color: '#000000' })).status, 403);
    assert.equal((await ctx.http().get('/api/v1/markers').auth(w.tenantA.apiKey, { type: 'bearer' })).status, 403);
  });
});

describe('markers', () => {
  test('CRUD with colours; a label once per bank (409); shared ones for the exercise’s authors', async () => {
    const posture = await call(w.actors.author, 'post', '/markers', { scope: 'exercise', exercise_id: w.exerciseId, label: 'posture', color: '#FF8800' });
    assert.equal(posture.status, 201, posture.text);
    assert.equal(posture.body.color, '#ff8800');
    assert.equal((await call(w.actors.coauthor, 'post', '/markers', { scope: 'exercise', exercise_id: w.exerciseId, label: 'Posture', color: '#000000' })).status, 409);
    assert.equal((await call(w.actors.author, 'post', '/markers', { label: 'x', color: 'orange' })).status, 422);
    const list = await call(w.actors.coauthor, 'get', '/markers');
    assert.deepEqual(list.body.data.map((m: { label: string }) => m.label), ['posture']);
    assert.equal((await call(w.actors.coauthor, 'patch', `/markers/${posture.body.id}`, { color: '#00aa00' })).body.color, '#00aa00');
    assert.deepEqual((await call(w.actors.otherInstructor, 'get', '/markers')).body.data, []);
  });
});

describe('marker_ids on comments', () => {
  const comment = (actor: Actor, body: object) => call(actor, 'post', '/comments', { thread_id: w.threadId, t_start: 2, body: 'Look at your shoulders.', ...body });

  test('an author attaches usable markers: stored, returned with label and colour, replaced on edit, read by the learner', async () => {
    const timing = await call(w.actors.author, 'post', '/markers', { label: 'timing', color: '#1a73e8' });
    const shared = await call(w.actors.coauthor, 'post', '/markers', { scope: 'exercise', exercise_id: w.exerciseId, label: 'great', color: '#0b8043' });
    const created = await comment(w.actors.author, { marker_ids: [timing.body.id, shared.body.id, timing.body.id] });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.body.marker_ids, [shared.body.id, timing.body.id]);
    assert.deepEqual(created.body.markers, [
      { id: shared.body.id, label: 'great', color: '#0b8043' },
      { id: timing.body.id, label: 'timing', color: '#1a73e8' },
    ]);
    const read = await call(w.actors.owner, 'get', `/threads/${w.threadId}/comments?limit=200`);
    assert.deepEqual(read.body.data.find((c: { id: string }) => c.id === created.body.id).marker_ids, [shared.body.id, timing.body.id]);

    const before = created.body.seq;
    const edited = await call(w.actors.author, 'patch', `/comments/${created.body.id}`, { marker_ids: [timing.body.id] });
    assert.equal(edited.status, 200, edited.text);
    assert.deepEqual(edited.body.markers, [{ id: timing.body.id, label: 'timing', color: '#1a73e8' }]);
    assert.ok(edited.body.seq > before, 'a markers-only edit takes a new seq, so catch-up readers see it');
    assert.equal(edited.body.edited_at, null, 'markers are not an edit of the words');
    const since = await call(w.actors.owner, 'get', `/threads/${w.threadId}/comments?since_seq=${before}`);
    assert.deepEqual(since.body.data.map((c: { marker_ids: string[] }) => c.marker_ids), [[timing.body.id]]);

    // A deleted marker leaves the comment.
    assert.equal((await call(w.actors.author, 'delete', `/markers/${timing.body.id}`)).status, 204);
    const afterDelete = await call(w.actors.owner, 'get', `/threads/${w.threadId}/comments?limit=200`);
    assert.deepEqual(afterDelete.body.data.find((c: { id: string }) => c.id === created.body.id).markers, []);
  });

  test('markers added to a comment by an edit, and taken off again, show on every read', async () => {
    const tempo = await call(w.actors.author, 'post', '/markers', { label: 'tempo', color: '#0b8043' });
    const plain = await comment(w.actors.author, { body: 'No markers yet.' });
    const read = async () => (await call(w.actors.owner, 'get', `/threads/${w.threadId}/comments?limit=200`)).body.data.find((c: { id: string }) => c.id === plain.body.id).marker_ids;
    assert.deepEqual(await read(), []);
    assert.equal((await call(w.actors.author, 'patch', `/comments/${plain.body.id}`, { marker_ids: [tempo.body.id] })).status, 200);
    assert.deepEqual(await read(), [tempo.body.id]);
    assert.equal((await call(w.actors.author, 'patch', `/comments/${plain.body.id}`, { marker_ids: [] })).status, 200);
    assert.deepEqual(await read(), []);
  });

  test('a comment and its markers are written together: a failed write leaves neither, and the retry stores both once', async () => {
    const marker = await call(w.actors.author, 'post', '/markers', { label: 'posture', color: '#d93025' });
    const key = 'markers-once-1';
    const body = { thread_id: w.threadId, t_start: 4, body: 'Shoulders down.', marker_ids: [marker.body.id] };
    const post = () => ctx.http().post('/api/v1/comments').set(w.as(w.actors.author)).set('Idempotency-Key', key).send(body);
    // The markers' write fails after the comment's (as a lost connection or a marker deleted meanwhile would).
    await ctx.db.knex.raw(`CREATE FUNCTION refuse_marker() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await ctx.db.knex.raw(`CREATE TRIGGER refuse_marker BEFORE INSERT ON comment_markers FOR EACH ROW EXECUTE FUNCTION refuse_marker()`);
    try {
      assert.equal((await post()).status, 500);
    } finally {
      await ctx.db.knex.raw('DROP TRIGGER refuse_marker ON comment_markers');
      await ctx.db.knex.raw('DROP FUNCTION refuse_marker()');
      ctx.unexpected.length = 0;
    }
    const list = async () => (await call(w.actors.author, 'get', `/threads/${w.threadId}/comments?limit=200`)).body.data.filter((c: { body: string }) => c.body === 'Shoulders down.');
    assert.deepEqual(await list(), [], 'no comment without its markers');
    const retried = await post();
    assert.equal(retried.status, 201, retried.text);
    assert.deepEqual(retried.body.marker_ids, [marker.body.id]);
    const again = await post();
    assert.equal(again.body.id, retried.body.id);
    assert.deepEqual(again.body.marker_ids, [marker.body.id]);
    assert.deepEqual((await list()).map((c: { marker_ids: string[] }) => c.marker_ids), [[marker.body.id]]);

    // An edit of words and markers is one write too: when the comment's update fails, its markers stay as they were.
    const plain = await comment(w.actors.author, { body: 'Before the edit.' });
    await ctx.db.knex.raw(`CREATE FUNCTION refuse_edit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.body = 'After the edit.' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`);
    await ctx.db.knex.raw(`CREATE TRIGGER refuse_edit BEFORE UPDATE ON video_comments FOR EACH ROW EXECUTE FUNCTION refuse_edit()`);
    try {
      assert.equal((await call(w.actors.author, 'patch', `/comments/${plain.body.id}`, { body: 'After the edit.', marker_ids: [marker.body.id] })).status, 500);
    } finally {
      await ctx.db.knex.raw('DROP TRIGGER refuse_edit ON video_comments');
      await ctx.db.knex.raw('DROP FUNCTION refuse_edit()');
      ctx.unexpected.length = 0;
    }
    const kept = (await call(w.actors.author, 'get', `/threads/${w.threadId}/comments?limit=200`)).body.data.find((c: { id: string }) => c.id === plain.body.id);
    assert.equal(kept.body, 'Before the edit.');
    assert.deepEqual(kept.marker_ids, []);
  });

  test("another instructor's private marker, another tenant's, a learner's attempt, and malformed lists are 422 naming marker_ids; nothing is written", async () => {
    const others = await call(w.actors.otherInstructor, 'post', '/markers', { label: 'mine-only', color: '#aa0000' });
    const foreign = await call(w.actors.foreignInstructor, 'post', '/markers', { label: 'foreign', color: '#00aa00' });
    const own = await call(w.actors.author, 'post', '/markers', { label: 'posture-own', color: '#e8710a' });
    const count = async () => (await call(w.actors.author, 'get', `/threads/${w.threadId}/comments?limit=200`)).body.data.length;
    const n = await count();
    for (const [actor, ids] of [
      [w.actors.author, [others.body.id]],
      [w.actors.author, [foreign.body.id]],
      [w.actors.owner, [own.body.id]],
      [w.actors.author, ['not-a-uuid']],
      [w.actors.author, Array.from({ length: 21 }, () => own.body.id)],
    ] as const) {
      const res = await comment(actor, { marker_ids: ids });
      assert.equal(res.status, 422, `${JSON.stringify(ids)}: ${res.text}`);
      assert.match(res.headers['content-type'] ?? '', /problem\+json/);
      assert.ok(res.body.errors.some((e: { field: string }) => e.field.startsWith('marker_ids')), res.text);
    }
    assert.equal(await count(), n);
    const mine = await comment(w.actors.author, { marker_ids: [own.body.id] });
    assert.equal(mine.status, 201, mine.text);
    const refused = await call(w.actors.author, 'patch', `/comments/${mine.body.id}`, { marker_ids: [others.body.id] });
    assert.equal(refused.status, 422);
    assert.deepEqual((await call(w.actors.author, 'get', `/threads/${w.threadId}/comments?limit=200`)).body.data.find((c: { id: string }) => c.id === mine.body.id).marker_ids, [own.body.id]);
  });
});
