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
