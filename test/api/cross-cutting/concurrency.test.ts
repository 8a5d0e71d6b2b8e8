import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestContext, type TestContext } from '../../helpers/context.ts';
import { makeWorld, type World } from '../../helpers/world.ts';

let ctx: TestContext;
let w: World;

before(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
});
after(() => ctx.close());

test('50 concurrent POST /threads for one (user, exercise) leave one row and return one id', async () => {
  const learner = await w.mint(w.tenantA.apiKey, 'racer', 'learner');
  const results = await Promise.all(
    Array.from({ length: 50 }, () => ctx.http().post('/api/v1/threads').set(w.as(learner)).send({ exercise_video_id: w.exerciseId })),
  );
  assert.ok(results.every((r) => r.status === 200 || r.status === 201), results.map((r) => r.status).join(','));
  assert.equal(results.filter((r) => r.status === 201).length, 1);
  assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
  const rows = await ctx.db.knex('personal_exercise_threads').where({ owner_id: learner.id, exercise_video_id: w.exerciseId });
  assert.equal(rows.length, 1);
});

test('50 concurrent retries with one Idempotency-Key leave one comment', async () => {
  const body = { thread_id: w.threadId, t_start: 12.5, body: 'sent over flaky Wi-Fi' };
  const results = await Promise.all(
    Array.from({ length: 50 }, () => ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).set('Idempotency-Key', 'retry-storm').send(body)),
  );
  assert.ok(results.every((r) => r.status === 201), results.map((r) => `${r.status} ${r.text.slice(0, 80)}`).join('\n'));
  assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
  const rows = await ctx.db.knex('video_comments').where({ body: body.body });
  assert.equal(rows.length, 1);
  assert.deepEqual(ctx.unexpected, []);
});

test('concurrent comments in one thread take distinct, gap-tolerant increasing seqs', async () => {
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, i) => ctx.http().post('/api/v1/comments').set(w.as(i % 2 ? w.actors.owner : w.actors.author)).send({ thread_id: w.threadId, t_start: i, body: `c${i}` })),
  );
  const seqs = results.map((r) => r.body.seq as number);
  assert.equal(new Set(seqs).size, 30);
  const since = await ctx.http().get(`/api/v1/threads/${w.threadId}/comments?since_seq=${Math.min(...seqs) - 1}&limit=200`).set(w.as(w.actors.owner));
  assert.deepEqual(since.body.data.map((c: { seq: number }) => c.seq), [...seqs].sort((a, b) => a - b));
});
