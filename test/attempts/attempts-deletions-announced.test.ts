import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { AttemptDeletedEvent } from '../../api/src/contract/attempts.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { jobsSettled } from '../helpers/jobs.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { makeWorld, type Actor, type World } from '../helpers/world.ts';
import { connect, fence, startLive, subscribe, type ClientSocket, type LiveHarness } from '../live/live-helpers.ts';
import { tempDir } from '../media/helpers.ts';
import { FAST_JOBS, privacyJobsSettled } from '../privacy/privacy-fixture.ts';

// The deletions a learner does not ask for — the sweep of uploads abandoned for a day, and their
// erasure — announce each attempt as the learner's own delete does: `attempt:deleted` to an open
// element in the thread's room (a real socket.io-client) and a signed `attempt.deleted` to the
// attempt's own tenant's endpoint (a real receiver on loopback), never to another tenant's; and a
// deletion that rolls back (a deferred database trigger refuses its commit) announces nothing.

let ctx: TestContext;
let w: World;
let live: LiveHarness;
let receiver: WebhookReceiver;
let receiverB: WebhookReceiver;
/** Tenant A's endpoint's signing secret. */
let secretA = '';
const temp = tempDir('attempts-announced');

const key = (apiKey: string) => ({ Authorization: `Bearer ${apiKey}` });
const ok = (res: { status: number; text: string }, status: number) => assert.equal(res.status, status, res.text);
const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000);

/** Every announcement has reached the webhook receivers and the socket (its own connection keeps the order). */
async function settled(socket: ClientSocket): Promise<void> {
  await ctx.c.live.settled();
  await jobsSettled(ctx.db.knex, 'webhook-%', 40_000);
  await fence(socket);
}

/** A pending attempt (created, never uploaded) in `threadId`, as the element's first request makes it. */
async function pendingAttempt(who: Actor, threadId: string): Promise<AttemptDeletedEvent & { media_asset_id: string }> {
  const res = await ctx.http().post(`/api/v1/threads/${threadId}/attempts`).set(w.as(who)).send({ file_name: 'take.webm', size: 1000, content_type: 'video/webm' });
  ok(res, 201);
  const { id, thread_id, number, media_asset_id } = res.body.attempt as AttemptDeletedEvent & { media_asset_id: string };
  return { id, thread_id, number, media_asset_id };
}

/** The attempt.deleted deliveries tenant A's endpoint got, each verified against its secret. */
function verifiedDeletions(): AttemptDeletedEvent[] {
  return receiver.received
    .map((r) => new Webhook(secretA).verify(r.body, r.headers as Record<string, string>) as { type: string; data: AttemptDeletedEvent })
    .map((m) => {
      assert.equal(m.type, 'attempt.deleted');
      return m.data;
    })
    .sort((x, y) => x.number - y.number);
}

/** An open element's socket as `who`, in the thread's room, recording every attempt:deleted. */
async function watching(who: Actor, threadId: string): Promise<{ socket: ClientSocket; heard: AttemptDeletedEvent[] }> {
  const socket = await connect(live, who.token);
  assert.ok('ok' in (await subscribe(socket, threadId)));
  const heard: AttemptDeletedEvent[] = [];
  socket.on('attempt:deleted', (e) => heard.push(e));
  return { socket, heard };
}

/**
 * Makes the database refuse, at commit, a transaction that deleted from `table` (a deferred
 * constraint trigger), until the returned function is called: every statement succeeds, only the
 * commit fails, so whatever was announced before the commit is caught.
 */
async function refuseDeletes(table: 'media_assets' | 'users'): Promise<() => Promise<void>> {
  await ctx.db.knex.raw(`CREATE FUNCTION test_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
  await ctx.db.knex.raw(`CREATE CONSTRAINT TRIGGER test_refuse_delete AFTER DELETE ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_delete()`);
  return async () => {
    await ctx.db.knex.raw(`DROP TRIGGER test_refuse_delete ON ${table}`);
    await ctx.db.knex.raw('DROP FUNCTION test_refuse_delete()');
  };
}

const attemptIds = async (ids: string[]) => (await ctx.db.knex('attempts').whereIn('id', ids).select('id')).map((r) => r.id as string).sort();

before(async () => {
  ctx = await createTestContext(
    { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true', DATA_DIR: temp.dir },
    { outbound: { queue: { pollingIntervalSeconds: 0.5, onError: () => {} }, webhooks: { retryDelaySeconds: 1 } }, privacy: FAST_JOBS },
  );
  w = await makeWorld(ctx);
  receiver = await startWebhookReceiver();
  receiverB = await startWebhookReceiver();
  await ctx.c.outbound.start();
  live = await startLive(ctx);
  // Both tenants take attempt.deleted; only tenant A has the attempts.
  for (const [apiKey, url] of [[w.tenantA.apiKey, receiver.url], [w.tenantB.apiKey, receiverB.url]] as const) {
    const res = await ctx.http().post('/api/v1/webhooks').set(key(apiKey)).send({ url, event_types: ['attempt.deleted'] });
    ok(res, 201);
    if (apiKey === w.tenantA.apiKey) secretA = res.body.secret;
  }
});

after(async () => {
  await live?.close();
  await ctx?.c.privacy.stop();
  await ctx?.c.outbound.stop();
  await receiver?.close();
  await receiverB?.close();
  await ctx?.close();
  temp.remove();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiverB.received.length = 0;
});

test('the sweep of abandoned uploads announces each attempt it deletes, once the deletion committed', async () => {
  const { socket, heard } = await watching(w.actors.owner, w.threadId);
  const first = await pendingAttempt(w.actors.owner, w.threadId);
  const second = await pendingAttempt(w.actors.owner, w.threadId);
  const recent = await pendingAttempt(w.actors.owner, w.threadId);
  await ctx.db.knex('media_assets').where({ id: first.media_asset_id }).update({ created_at: hoursAgo(26) });
  await ctx.db.knex('media_assets').where({ id: second.media_asset_id }).update({ created_at: hoursAgo(25) });

  // Rolled back (the commit is refused): the attempts stay, and nobody hears of them.
  const allow = await refuseDeletes('media_assets');
  try {
    await assert.rejects(ctx.c.media.service.sweep(), /refused by the test/);
  } finally {
    await allow();
  }
  await settled(socket);
  assert.deepEqual(await attemptIds([first.id, second.id]), [first.id, second.id].sort());
  assert.deepEqual(heard, []);
  assert.equal(receiver.received.length, 0);

  assert.equal(await ctx.c.media.service.sweep(), 2);
  await settled(socket);
  const gone = [first, second].map(({ id, thread_id, number }) => ({ id, thread_id, number }));
  assert.deepEqual(await attemptIds([first.id, second.id, recent.id]), [recent.id]);
  assert.deepEqual(heard, gone);
  assert.deepEqual(verifiedDeletions(), gone);
  assert.equal(receiverB.received.length, 0);
});

test('erasing a learner announces each of their attempts, once the erasure committed', async () => {
  const learner = await w.mint(w.tenantA.apiKey, 'erased-learner', 'learner', 'Erin Erased');
  const thread = await ctx.http().post('/api/v1/threads').set(w.as(learner)).send({ exercise_video_id: w.exerciseId });
  ok(thread, 201);
  const attempts = [await pendingAttempt(learner, thread.body.id), await pendingAttempt(learner, thread.body.id)];
  // The learner has left; their instructor has the thread open.
  const { socket, heard } = await watching(w.actors.author, thread.body.id);
  const asked = await ctx.http().delete(`/api/v1/users/${learner.id}`).set(key(w.tenantA.apiKey));
  ok(asked, 202);

  // Rolled back (the commit is refused): the attempts stay, and nothing is announced.
  const allow = await refuseDeletes('users');
  try {
    await assert.rejects(ctx.c.privacy.service.erase(asked.body.id), /refused by the test/);
  } finally {
    await allow();
  }
  await settled(socket);
  assert.deepEqual(await attemptIds(attempts.map((a) => a.id)), attempts.map((a) => a.id).sort());
  assert.deepEqual(heard, []);
  assert.equal(receiver.received.length, 0);

  // The queued erasure, run by the privacy worker.
  await ctx.c.privacy.start();
  await privacyJobsSettled(ctx);
  const erasure = await ctx.http().get(`/api/v1/erasures/${asked.body.id}`).set(key(w.tenantA.apiKey));
  ok(erasure, 200);
  assert.equal(erasure.body.status, 'done');
  await settled(socket);
  const gone = attempts.map(({ id, thread_id, number }) => ({ id, thread_id, number }));
  assert.deepEqual(await attemptIds(attempts.map((a) => a.id)), []);
  assert.deepEqual(heard, gone);
  assert.deepEqual(verifiedDeletions(), gone);
  assert.equal(receiverB.received.length, 0);
  assert.equal(erasure.body.counts.attempts, 2);
});
