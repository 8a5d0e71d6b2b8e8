import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assetPrefix } from '../../api/src/media/media.service.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { jobsSettled } from '../helpers/jobs.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { makeWorld, type World } from '../helpers/world.ts';
import { tempDir } from '../media/helpers.ts';
import { storedKeys } from '../privacy/privacy-fixture.ts';

// Retention: an archived exercise past the tenant's policy is deleted (rows and stored media) by
// the scheduled job, only after its authors were warned (by email with SMTP, and in their inbox);
// what has not expired stays; each run is visible to the tenant. Time passes by moving the
// archive dates and the warnings back in the database.

let ctx: TestContext;
let w: World;
let smtp: SmtpSink;
const temp = tempDir('retention');
const key = () => ({ Authorization: `Bearer ${w.tenantA.apiKey}` });
const ids = { expired: '', recent: '', active: '', expiredAsset: '', expiredThread: '', expiredAttempt: '', expiredAttemptAsset: '' };
let mailed: { id: string; token: string };

const ok = (res: { status: number; text: string }, status: number) => assert.equal(res.status, status, res.text);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

async function exerciseWithThread(title: string, withMedia: boolean): Promise<{ id: string; asset?: string; thread: string }> {
  let source: object = { type: 'url', url: 'https://media.example/x.mp4' };
  let asset: string | undefined;
  if (withMedia) {
    const up = await ctx.http().post('/api/v1/media/uploads').set(w.as(w.actors.author)).send({ file_name: 'old.mp4', size: 9, content_type: 'video/mp4' });
    ok(up, 201);
    asset = up.body.id as string;
    const row = await ctx.db.knex('media_assets').where({ id: asset }).first('tenant_id', 'id', 'source_key');
    await ctx.c.media.storage.put(row.source_key, Buffer.from('OLD-BYTES'), 'video/mp4');
    await ctx.c.media.storage.put(`${assetPrefix(row)}hls/master.m3u8`, Buffer.from('#EXTM3U'), 'application/vnd.apple.mpegurl');
    await ctx.db.knex('media_assets').where({ id: asset }).update({ status: 'ready' });
    source = { type: 'upload', media_asset_id: asset };
  }
  const ex = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title, source, duration: 60 });
  ok(ex, 201);
  ok(await ctx.http().post(`/api/v1/exercises/${ex.body.id}/authors`).set(w.as(w.actors.author)).send({ user_id: mailed.id }), 201);
  const thread = await ctx.http().post('/api/v1/threads').set(w.as(w.actors.owner)).send({ exercise_video_id: ex.body.id });
  ok(thread, 201);
  ok(await ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).send({ thread_id: thread.body.id, t_start: 1, body: `in ${title}` }), 201);
  return { id: ex.body.id, thread: thread.body.id, ...(asset && { asset }) };
}

/** A learner's attempt in `threadId`, its file stored and probed (10 s). */
async function storedAttempt(threadId: string, name: string): Promise<{ id: string; asset: string }> {
  const created = await ctx.http().post(`/api/v1/threads/${threadId}/attempts`).set(w.as(w.actors.owner)).send({ file_name: name, size: 9, content_type: 'video/mp4' });
  ok(created, 201);
  const asset = created.body.attempt.media_asset_id as string;
  const row = await ctx.db.knex('media_assets').where({ id: asset }).first('tenant_id', 'id', 'source_key');
  await ctx.c.media.storage.put(row.source_key, Buffer.from('TAKE-BYTES'), 'video/mp4');
  await ctx.db.knex('media_assets').where({ id: asset }).update({ status: 'ready', duration_ms: 10_000, upload_id: null });
  return { id: created.body.attempt.id as string, asset };
}

async function run(): Promise<void> {
  await ctx.c.retention.runNow();
  await jobsSettled(ctx.db.knex, 'retention-run', 30_000);
}

before(async () => {
  smtp = await startSmtpSink();
  ctx = await createTestContext({ DATA_DIR: temp.dir, SMTP_URL: smtp.url, MAIL_FROM: 'Threads <threads@example.edu>' }, { retention: { queue: { pollingIntervalSeconds: 0.5 } } });
  w = await makeWorld(ctx);
  // A co-author with an address gets the warning by email; the creator (no address) only in the inbox.
  const minted = await ctx.http().post('/api/v1/tokens').set(key()).send({ user: { external_id: 'mailed-author', name: 'Mae Mailed', role: 'instructor', email: 'mae@example.edu' } });
  ok(minted, 201);
  mailed = { id: minted.body.user.id, token: minted.body.access_token };
  const expired = await exerciseWithThread('Old waltz', true);
  const expiredAttempt = await storedAttempt(expired.thread, 'old-waltz-take.mp4');
  const recent = await exerciseWithThread('Recent tango', false);
  const active = await exerciseWithThread('Live salsa', false);
  Object.assign(ids, { expired: expired.id, expiredAsset: expired.asset, expiredThread: expired.thread, expiredAttempt: expiredAttempt.id, expiredAttemptAsset: expiredAttempt.asset, recent: recent.id, active: active.id });
  ok(await ctx.http().delete(`/api/v1/exercises/${expired.id}`).set(w.as(w.actors.author)), 204);
  ok(await ctx.http().delete(`/api/v1/exercises/${recent.id}`).set(w.as(w.actors.author)), 204);
  await ctx.db.knex('exercise_videos').where({ id: expired.id }).update({ archived_at: daysAgo(40) });
  await ctx.db.knex('exercise_videos').where({ id: recent.id }).update({ archived_at: daysAgo(5) });
  const set = await ctx.http().patch('/api/v1/tenant').set(key()).send({ retention: { archived_exercise_days: 30, warn_days: 7 } });
  ok(set, 200);
  await ctx.c.retention.start();
});

after(async () => {
  await ctx.c.retention.stop();
  await ctx.c.outbound.stop();
  await ctx.close();
  await smtp.close();
  temp.remove();
});

describe('retention', { timeout: 90_000 }, () => {
  test('the first run warns the expired exercise’s authors (email and inbox) and deletes nothing yet', async () => {
    await run();
    const [mail] = await smtp.waitFor(1);
    assert.equal(mail!.to && 'text' in mail!.to ? mail!.to.text : '', 'mae@example.edu');
    assert.match(mail!.subject ?? '', /Old waltz/);
    assert.equal(smtp.messages.length, 1, 'one email: the creator has no address, the other exercises are not due');
    const inbox = await ctx.http().get('/api/v1/inbox/retention-notices').set(w.as(w.actors.author));
    ok(inbox, 200);
    assert.deepEqual(inbox.body.data.map((n: { exercise_video_id: string }) => n.exercise_video_id), [ids.expired]);
    // Not sooner than warn_days from the warning.
    assert.ok(Date.parse(inbox.body.data[0].delete_after) >= Date.now() + 6.9 * 86_400_000);
    assert.ok(await ctx.db.knex('exercise_videos').where({ id: ids.expired }).first());
    const runs = await ctx.http().get('/api/v1/tenant/retention-runs').set(key());
    ok(runs, 200);
    assert.deepEqual([runs.body.data.length, runs.body.data[0].warned, runs.body.data[0].deleted_exercises, runs.body.data[0].error], [1, 2, 0, null]);
  });

  test('once the warning has run its course, the next run deletes the expired exercise, its threads, their attempts and media; the rest stays', async () => {
    // Eight days later.
    await ctx.db.knex('retention_notices').update({ created_at: daysAgo(8), delete_after: daysAgo(1) });
    assert.ok((await storedKeys(ctx)).some((k) => k.includes(ids.expiredAsset)));
    assert.ok((await storedKeys(ctx)).some((k) => k.includes(ids.expiredAttemptAsset)));
    const announced: unknown[] = [];
    ctx.c.live.onCommitted(async (c) => void (c.kind === 'attempt-deleted' && announced.push({ ...c.event, tenant: c.tenantId })));
    await run();
    await ctx.c.live.settled();
    // The learner's attempt went with its thread: its rows, its files, and an open element hears it.
    assert.deepEqual(announced, [{ id: ids.expiredAttempt, thread_id: ids.expiredThread, number: 1, tenant: w.tenantA.tenant.id }]);
    assert.equal(await ctx.db.knex('attempts').where({ id: ids.expiredAttempt }).first(), undefined);
    assert.equal(await ctx.db.knex('media_assets').where({ id: ids.expiredAttemptAsset }).first(), undefined);
    assert.deepEqual((await storedKeys(ctx)).filter((k) => k.includes(ids.expiredAttemptAsset)), []);
    assert.equal(await ctx.db.knex('exercise_videos').where({ id: ids.expired }).first(), undefined);
    assert.equal(await ctx.db.knex('personal_exercise_threads').where({ id: ids.expiredThread }).first(), undefined);
    assert.equal(await ctx.db.knex('media_assets').where({ id: ids.expiredAsset }).first(), undefined);
    assert.deepEqual((await storedKeys(ctx)).filter((k) => k.includes(ids.expiredAsset)), []);
    assert.equal(Number((await ctx.db.knex('video_comments').where({ body: 'in Old waltz' }).count({ n: '*' }))[0]!.n), 0);
    for (const kept of [ids.recent, ids.active, w.exerciseId]) assert.ok(await ctx.db.knex('exercise_videos').where({ id: kept }).first(), `${kept} stays`);
    assert.equal(Number((await ctx.db.knex('video_comments').whereIn('body', ['in Recent tango', 'in Live salsa']).count({ n: '*' }))[0]!.n), 2);

    const runs = await ctx.http().get('/api/v1/tenant/retention-runs').set(key());
    const latest = runs.body.data[0];
    assert.deepEqual([runs.body.data.length, latest.deleted_exercises, latest.deleted_threads, latest.deleted_comments, latest.deleted_media, latest.deleted_attempts, latest.error], [2, 1, 1, 1, 2, 1, null]);
    assert.equal(smtp.messages.length, 1, 'no second email for the same warning');
    // Another tenant sees none of these runs.
    assert.deepEqual((await ctx.http().get('/api/v1/tenant/retention-runs').auth(w.tenantB.apiKey, { type: 'bearer' })).body.data, []);
  });

  test('attempts recorded attempt_days ago or more are deleted with their comments and files; newer ones stay', async () => {
    // Two attempts in the owner's thread, each stored and probed (10 s), the author's feedback on each.
    const attempts: { id: string; asset: string }[] = [];
    for (const n of [1, 2]) {
      const attempt = await storedAttempt(w.threadId, `take-${n}.mp4`);
      ok(await ctx.http().post('/api/v1/comments').set(w.as(w.actors.author)).send({ thread_id: w.threadId, attempt_id: attempt.id, t_start: 2, body: `on take ${n}` }), 201);
      attempts.push(attempt);
    }
    const [old, recent] = attempts as [{ id: string; asset: string }, { id: string; asset: string }];
    // Time passes (the attempts' guard keeps a creation time, so past it, as a restore would).
    await ctx.db.knex.transaction(async (trx) => {
      await trx.raw('SET LOCAL session_replication_role = replica');
      await trx('attempts').where({ id: old.id }).update({ created_at: daysAgo(181) });
      await trx('attempts').where({ id: recent.id }).update({ created_at: daysAgo(179) });
    });
    ok(await ctx.http().patch('/api/v1/tenant').set(key()).send({ retention: { attempt_days: 180 } }), 200);
    // What an open element's live channel and the webhooks hear.
    const announced: unknown[] = [];
    ctx.c.live.onCommitted(async (c) => void (c.kind === 'attempt-deleted' && announced.push({ ...c.event, tenant: c.tenantId })));
    await run();
    await ctx.c.live.settled();
    assert.deepEqual(announced, [{ id: old.id, thread_id: w.threadId, number: 1, tenant: w.tenantA.tenant.id }]);

    assert.equal(await ctx.db.knex('attempts').where({ id: old.id }).first(), undefined);
    assert.equal(await ctx.db.knex('media_assets').where({ id: old.asset }).first(), undefined);
    assert.deepEqual((await storedKeys(ctx)).filter((k) => k.includes(old.asset)), []);
    assert.equal((await ctx.http().get(`/api/v1/attempts/${old.id}`).set(w.as(w.actors.owner))).status, 404);
    const left = (await ctx.http().get(`/api/v1/threads/${w.threadId}/comments?limit=200`).set(w.as(w.actors.owner))).body.data.map((c: { body: string }) => c.body);
    assert.ok(!left.includes('on take 1') && left.includes('on take 2'), JSON.stringify(left));
    assert.ok(await ctx.db.knex('attempts').where({ id: recent.id }).first(), 'the newer attempt stays');
    assert.ok((await storedKeys(ctx)).some((k) => k.includes(recent.asset)), 'and its file');

    const latest = (await ctx.http().get('/api/v1/tenant/retention-runs').set(key())).body.data[0];
    assert.deepEqual([latest.deleted_attempts, latest.deleted_comments, latest.deleted_media, latest.deleted_exercises, latest.error], [1, 1, 1, 0, null]);
  });
});
