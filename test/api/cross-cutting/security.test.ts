import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { seedDemoIfEmpty } from '../../../api/src/demo/demo-seed.ts';
import { createTestContext, type TestContext } from '../../helpers/context.ts';
import { useWorld, type World } from '../../helpers/world.ts';

// Issue 15's security items, each as the probe that found it.
let ctx: TestContext;
let w: World;
useWorld((c, world) => ([ctx, w] = [c, world]));
const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

describe('uploads belong to their owner', () => {
  test('an instructor cannot make an exercise of another instructor’s upload; the owner (or a key naming them) can', async () => {
    const up = await ctx.http().post('/api/v1/media/uploads').set(w.as(w.actors.author)).send({ file_name: 'mine.mp4', size: 1000, content_type: 'video/mp4' });
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const source = { type: 'upload', media_asset_id: up.body.id };
    const theirs = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.otherInstructor)).send({ title: 'Taken', source });
    assert.deepEqual([theirs.status, theirs.body.errors?.[0]?.field], [422, 'source.media_asset_id']);
    const byKey = await ctx.http().post('/api/v1/exercises').auth(w.tenantA.apiKey, { type: 'bearer' }).send({ title: 'Taken', author_external_id: 'other-instructor', source });
    assert.equal(byKey.status, 422);
    const own = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'Mine', source });
    assert.equal(own.status, 201, JSON.stringify(own.body));
    const ownByKey = await ctx.http().post('/api/v1/exercises').auth(w.tenantA.apiKey, { type: 'bearer' }).send({ title: 'Mine too', author_external_id: 'author', source });
    assert.equal(ownByKey.status, 201);
  });
});

describe('forged cursors and out-of-range numbers', () => {
  test('are 422 naming the field, never a 500', async () => {
    const forged = [cursor(['2026-02-31 10:00:00+00', randomUUID()]), cursor(['25:00', 'x']), cursor([1, 2]), cursor(['9999-12-31 23:59:59+00', 'not-a-uuid'])];
    for (const c of forged) {
      for (const path of ['/api/v1/exercises', '/api/v1/threads']) {
        const res = await ctx.http().get(`${path}?cursor=${c}`).set(w.as(w.actors.author));
        assert.deepEqual([res.status, res.body.errors?.[0]?.field], [422, 'cursor'], `${path} ${c}`);
      }
      const reports = await ctx.http().get(`/api/v1/moderation/reports?cursor=${c}`).set(w.as(w.actors.moderator));
      assert.equal(reports.status, 422);
    }
    const comments = (q: string) => ctx.http().get(`/api/v1/threads/${w.threadId}/comments?${q}`).set(w.as(w.actors.owner));
    assert.equal((await comments(`cursor=${cursor([2 ** 31, randomUUID()])}`)).status, 422);
    assert.equal((await comments(`cursor=${cursor([1.5, randomUUID()])}`)).status, 422);
    for (const q of ['since_seq=2147483648', 'since_seq=', 'since_seq=1e3', 'since_seq=-1']) {
      const res = await comments(q);
      assert.deepEqual([res.status, res.body.errors?.[0]?.field], [422, 'since_seq'], q);
    }
    assert.equal((await comments('since_seq=2147483647')).status, 200);
    const read = await ctx.http().post(`/api/v1/threads/${w.threadId}/read`).set(w.as(w.actors.owner)).send({ seq: 2 ** 31 });
    assert.equal(read.status, 422);
    assert.deepEqual(ctx.unexpected, []);
  });
});

describe('headers and methods', () => {
  test('every route family answers with nosniff', async () => {
    for (const path of ['/healthz', '/lti/jwks', '/lti/renew.js', '/lti/auto-post.js', '/metrics', '/storage/o/nothing', '/demo/', '/api/docs', '/api/v1/openapi.json', '/nowhere']) {
      const res = await ctx.http().get(path);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
    }
  });

  test('/metrics is 404 while METRICS_TOKEN is unset', async () => {
    const res = await ctx.http().get('/metrics');
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.text, /et_comments_created_total/);
  });

  test('a known path asked with another method is 405 with Allow', async () => {
    const put = await ctx.http().put('/api/v1/threads').set(w.as(w.actors.owner)).send({});
    assert.equal(put.status, 405);
    assert.equal(put.headers.allow, 'GET, HEAD, OPTIONS, POST');
    assert.match(put.headers['content-type'] ?? '', /application\/problem\+json/);
    assert.equal(put.body.type, 'https://exercise-threads.dev/problems/method-not-allowed');
    const del = await ctx.http().delete('/api/v1/tokens');
    assert.deepEqual([del.status, del.headers.allow], [405, 'OPTIONS, POST']);
    const options = await ctx.http().options(`/api/v1/comments/${w.commentId}`);
    assert.deepEqual([options.status, options.headers.allow], [204, 'DELETE, OPTIONS, PATCH']);
    assert.equal((await ctx.http().get('/api/v1/nothing-here').set(w.as(w.actors.owner))).status, 404);
  });
});

describe('role changes and removed users bite at once', () => {
  test('a user re-minted as a learner loses instructor powers on their older token within 5 s', async () => {
    const teacher = await w.mint(w.tenantA.apiKey, 'demoted', 'instructor');
    const create = () => ctx.http().post('/api/v1/exercises').set(w.as(teacher)).send({ title: 'Mine', source: { type: 'url', url: 'https://media.example/d.mp4' } });
    assert.equal((await create()).status, 201);
    await w.mint(w.tenantA.apiKey, 'demoted', 'learner');
    const started = Date.now();
    let status = 201;
    while (status === 201 && Date.now() - started < 7_000) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await create()).status;
    }
    assert.equal(status, 403);
    assert.ok(Date.now() - started <= 6_000, `took ${Date.now() - started} ms`);
  });

  test('a validly signed token for a user who does not exist is 401', async () => {
    const ghost = await ctx.c.tokens.issue({ id: randomUUID(), tenantId: w.tenantA.tenant.id, role: 'instructor' }, 600);
    const res = await ctx.http().get('/api/v1/exercises').set(w.as(ghost.token));
    assert.equal(res.status, 401);
  });
});

test('an empty database gets no demo tenant or key unless DEMO_MODE is on', async () => {
  const off = await createTestContext({ DEMO_MODE: 'off' });
  try {
    assert.equal(await seedDemoIfEmpty(off.c), undefined);
    assert.equal(await off.c.tenants.count(), 0);
  } finally {
    await off.close();
  }
});

test('no request above met an unexpected error', () => assert.deepEqual(ctx.unexpected, []));
