import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { timeRangeExtension, VERBS } from '../../api/src/xapi/statements.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { jobsSettled } from '../helpers/jobs.ts';
import { startLrsStandIn, type LrsStandIn } from '../helpers/lrs-stand-in.ts';
import { makeWorld, type World } from '../helpers/world.ts';

// Learning records end to end: the element's events and a comment become statements, sent from
// the job queue to a real HTTP LRS on loopback that validates each against xAPI 1.0.3; an LRS
// that fails gets retries, and no statement ever arrives stored twice.

let ctx: TestContext;
let w: World;
let lrs: LrsStandIn;
const session = randomUUID();

before(async () => {
  lrs = await startLrsStandIn();
  ctx = await createTestContext({ WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' }, { xapi: { queue: { pollingIntervalSeconds: 0.5 }, retryDelaySeconds: 1, retryBackoff: false } });
  w = await makeWorld(ctx);
  await ctx.c.xapi.start();
});

after(async () => {
  await ctx.c.xapi.stop();
  await ctx.c.live.settled();
  await ctx.close();
  await lrs.close();
});

const settled = () => jobsSettled(ctx.db.knex, 'xapi-send', 30_000);
const key = () => ({ Authorization: `Bearer ${w.tenantA.apiKey}` });
const events = (n: number) => [
  { id: randomUUID(), type: 'initialized', at: `2026-12-01T10:00:0${n}.000Z`, session_id: session },
  { id: randomUUID(), type: 'played', at: `2026-12-01T10:00:0${n}.100Z`, session_id: session, time: 0 },
  { id: randomUUID(), type: 'seeked', at: `2026-12-01T10:00:0${n}.200Z`, session_id: session, from: 2, to: 30.25 },
  { id: randomUUID(), type: 'paused', at: `2026-12-01T10:00:0${n}.300Z`, session_id: session, time: 31.5, progress: 0.5 },
  { id: randomUUID(), type: 'completed', at: `2026-12-01T10:00:0${n}.400Z`, session_id: session, time: 60, progress: 1 },
];
const post = (body: unknown) => ctx.http().post('/api/v1/events').set(w.as(w.actors.owner)).send(body as object);
const arrivedOnce = () => [...lrs.arrivals.entries()].filter(([, n]) => n !== 1);

describe('learning records', { timeout: 90_000 }, () => {
  test('off until the tenant sets an LRS: events are answered `recording: false` and kept nowhere', async () => {
    const res = await post({ exercise_id: w.exerciseId, events: events(1) });
    assert.deepEqual([res.status, res.body], [202, { accepted: 0, duplicates: 0, recording: false }]);
    assert.equal(Number((await ctx.db.knex('xapi_statements').count({ n: '*' }))[0]!.n), 0);
    assert.equal(lrs.log.length, 0);
  });

  test('events become valid Video Profile statements in the LRS; a batch sent again adds nothing', async () => {
    const set = await ctx.http().patch('/api/v1/tenant').set(key()).send({ lrs: { endpoint: lrs.endpoint, username: lrs.username, password: lrs.password } });
    assert.equal(set.status, 200, set.text);
    const batch = events(2);
    const res = await post({ exercise_id: w.exerciseId, events: batch });
    assert.deepEqual([res.status, res.body], [202, { accepted: 5, duplicates: 0, recording: true }]);
    await settled();
    // The stand-in refuses (400) any statement that breaks the 1.0.3 requirements: stored means valid.
    assert.equal(lrs.stored.size, 5, JSON.stringify(lrs.log));
    const verbs = [...lrs.stored.values()].map((s) => (s.verb as { id: string }).id);
    assert.deepEqual(verbs, ['initialized', 'played', 'seeked', 'paused', 'completed'].map((v) => VERBS[v as keyof typeof VERBS].id));
    assert.ok([...lrs.stored.values()].every((s) => (s.actor as { account: { name: string } }).account.name === 'owner'));

    const again = await post({ exercise_id: w.exerciseId, events: batch });
    assert.deepEqual([again.status, again.body], [202, { accepted: 0, duplicates: 5, recording: true }]);
    await settled();
    assert.equal(lrs.stored.size, 5);
    assert.deepEqual(arrivedOnce(), []);
  });

  test('a comment sends `commented` with its time range', async () => {
    const res = await ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).send({ thread_id: w.threadId, t_start: 12.5, t_end: 14, body: 'left foot late' });
    assert.equal(res.status, 201);
    await ctx.c.live.settled();
    await settled();
    const commented = [...lrs.stored.values()].find((s) => (s.result as { response?: string } | undefined)?.response === 'left foot late');
    assert.ok(commented, 'the commented statement arrived');
    assert.equal((commented.verb as { id: string }).id, VERBS.commented.id);
    const ext = (commented.context as { extensions: Record<string, unknown> }).extensions[timeRangeExtension(ctx.c.config.publicUrl)];
    assert.deepEqual(ext, { start: 12.5, end: 14 });
  });

  test('an LRS set just after a comment found none gets the next comment at once (a tenant without one is remembered for 5 s)', async () => {
    const comment = (body: string) => ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).send({ thread_id: w.threadId, t_start: 3, body });
    const statementsOf = async (body: string) =>
      Number((await ctx.db.knex('xapi_statements').whereRaw("statement -> 'result' ->> 'response' = ?", [body]).count({ n: '*' }))[0]!.n);
    assert.equal((await ctx.http().patch('/api/v1/tenant').set(key()).send({ lrs: null })).status, 200);
    assert.equal((await comment('while no LRS')).status, 201);
    await ctx.c.live.settled();
    assert.equal(await statementsOf('while no LRS'), 0);
    const set = await ctx.http().patch('/api/v1/tenant').set(key()).send({ lrs: { endpoint: lrs.endpoint, username: lrs.username, password: lrs.password } });
    assert.equal(set.status, 200, set.text);
    assert.equal((await comment('LRS set again')).status, 201);
    await ctx.c.live.settled();
    assert.equal(await statementsOf('LRS set again'), 1);
    await settled();
  });

  test('a failing LRS: the job retries until it answers, and each statement is stored once', async () => {
    const stored = lrs.stored.size;
    const failed = lrs.log.filter((l) => l.status === 503).length;
    lrs.failNext(3, 503);
    const res = await post({ exercise_id: w.exerciseId, events: events(3) });
    assert.equal(res.status, 202);
    await settled();
    assert.equal(lrs.log.filter((l) => l.status === 503).length - failed, 3, 'three tries failed');
    assert.equal(lrs.stored.size, stored + 5);
    assert.deepEqual(arrivedOnce(), []);
    const unsent = await ctx.db.knex('xapi_statements').whereNull('sent_at').count({ n: '*' });
    assert.equal(Number(unsent[0]!.n), 0);
  });

  test('an answer lost after the LRS stored the batch: sent again, the LRS keeps one of each', async () => {
    // As if the LRS stored the last batch but its answer never came back: the rows are unsent again.
    const last = await ctx.db.knex('xapi_statements').orderBy('created_at', 'desc').limit(5).select('id');
    await ctx.db.knex('xapi_statements').whereIn('id', last.map((r) => r.id)).update({ sent_at: null });
    const stored = lrs.stored.size;
    await ctx.c.xapi.service.sendQueue(w.tenantA.tenant.id);
    await settled();
    assert.equal(lrs.stored.size, stored);
    assert.ok(lrs.log.some((l) => l.status === 409), 'the LRS said it held them');
    const unsent = await ctx.db.knex('xapi_statements').whereNull('sent_at').count({ n: '*' });
    assert.equal(Number(unsent[0]!.n), 0);
  });

  test('events are validated at the edge', async () => {
    const one = events(4)[1]!;
    for (const bad of [
      { exercise_id: w.exerciseId, events: [] },
      { exercise_id: w.exerciseId, events: [{ ...one, type: 'rewound' }] },
      { exercise_id: w.exerciseId, events: [{ ...one, time: -1 }] },
      { exercise_id: w.exerciseId, events: [{ ...one, type: 'seeked' }] },
      { exercise_id: w.exerciseId, events: [{ ...one, id: 'not-a-uuid' }] },
      { exercise_id: 'nope', events: [one] },
    ]) {
      const res = await post(bad);
      assert.equal(res.status, 422, `${JSON.stringify(bad)}: ${res.text}`);
      assert.match(res.headers['content-type'] ?? '', /application\/problem\+json/);
    }
    assert.equal((await post({ exercise_id: randomUUID(), events: [one] })).status, 404);
    assert.equal((await ctx.http().post('/api/v1/events').set(key()).send({ exercise_id: w.exerciseId, events: [one] })).status, 403);
  });
});
