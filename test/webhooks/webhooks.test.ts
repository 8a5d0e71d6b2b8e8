import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { ApiKeyPrincipal } from '../../api/src/auth/principal.ts';
import { isPublicAddress } from '../../api/src/webhooks/url-guard.ts';
import { isWebhookSecret } from '../../api/src/webhooks/webhook-signer.ts';
import { WebhooksRepository } from '../../api/src/webhooks/webhooks.repository.ts';
import { WebhooksService } from '../../api/src/webhooks/webhooks.service.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { jobsSettled } from '../helpers/jobs.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { makeWorld, type World } from '../helpers/world.ts';

// Webhooks against real HTTP receivers on loopback, registered and inspected through the API,
// fed by comments posted through the API, delivered from the real job queue (pg-boss).

let ctx: TestContext;
let w: World;
let receiver: WebhookReceiver;
let receiverB: WebhookReceiver;
/** The same service as production without WEBHOOKS_ALLOW_PRIVATE_URLS (the app under test allows them: its receivers are on loopback). */
let strict: WebhooksService;

const settled = async () => {
  await ctx.c.live.settled();
  await jobsSettled(ctx.db.knex, 'webhook-%', 40_000);
};
const asKey = (key: string) => ({ Authorization: `Bearer ${key}` });
const register = async (key: string, body: object) => {
  const res = await ctx.http().post('/api/v1/webhooks').set(asKey(key)).send(body);
  assert.equal(res.status, 201, res.text);
  return res.body as { id: string; secret: string; url: string; event_types: string[] };
};
const unregister = async (key: string, id: string) => assert.equal((await ctx.http().delete(`/api/v1/webhooks/${id}`).set(asKey(key))).status, 204);
const deliveries = async (key: string, id: string) => {
  const res = await ctx.http().get(`/api/v1/webhooks/${id}/deliveries`).set(asKey(key));
  assert.equal(res.status, 200, res.text);
  return res.body.data as { id: string; status: string; attempts: number; last_status_code: number | null; last_error: string | null; event_type: string }[];
};
const comment = async (body: string, by = w.actors.owner) => {
  const res = await ctx.http().post('/api/v1/comments').set(w.as(by)).send({ thread_id: w.threadId, t_start: 4, body });
  assert.equal(res.status, 201, res.text);
  return res.body as { id: string };
};

before(async () => {
  ctx = await createTestContext({ WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' }, { outbound: { queue: { pollingIntervalSeconds: 0.5, onError: () => {} }, webhooks: { retryDelaySeconds: 1 } } });
  w = await makeWorld(ctx);
  receiver = await startWebhookReceiver();
  receiverB = await startWebhookReceiver();
  strict = new WebhooksService(new WebhooksRepository(ctx.db.knex), { allowPrivateUrls: false, timeoutMs: 3000 });
  await ctx.c.outbound.start();
});

after(async () => {
  await ctx?.c.outbound.stop();
  await receiver?.close();
  await receiverB?.close();
  await ctx?.close();
});

beforeEach(async () => {
  await settled();
  receiver.received.length = 0;
  receiverB.received.length = 0;
  receiver.failNext();
});

test('loopback, private and reserved URLs are refused without WEBHOOKS_ALLOW_PRIVATE_URLS', async () => {
  const keyA: ApiKeyPrincipal = { kind: 'api_key', tenantId: w.tenantA.tenant.id, keyId: 'a' };
  const refusal = async (url: string) => {
    const error = await strict.create(keyA, { url, event_types: ['comment.created'] }).then(
      () => assert.fail(`${url} was accepted`),
      (e: { status?: number; errors?: { field: string; message: string }[] }) => e,
    );
    assert.equal(error.status, 422, url);
    assert.equal(error.errors?.[0]?.field, 'url');
    return error.errors![0]!.message;
  };
  for (const url of [
    receiver.url,
    'https://localhost/hooks',
    'https://10.1.2.3/hooks',
    'https://192.168.0.10/hooks',
    'https://172.16.5.5/hooks',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/hooks',
    'https://[::1]/hooks',
    'https://[::ffff:127.0.0.1]/hooks',
    'https://[fd00::1]/hooks',
    'https://0.0.0.0/hooks',
  ]) {
    assert.match(await refusal(url), /loopback|private|reserved|https/, url);
  }
  assert.match(await refusal('http://93.184.216.34/hooks'), /https/);
  assert.match(await refusal('https://user:pw@93.184.216.34/hooks'), /credentials/);
  // A public address is accepted (an address literal: this machine has no DNS outside).
  const ok = await strict.create(keyA, { url: 'https://93.184.216.34/hooks', event_types: ['comment.created'] });
  await strict.remove(keyA, ok.id);
  assert.equal(isPublicAddress('8.8.8.8'), true);
  assert.equal(isPublicAddress('::ffff:10.0.0.1'), false);
});

test('bad registrations are 422s naming the field, and only an API key manages webhooks', async () => {
  for (const [body, field] of [
    [{ url: receiver.url, event_types: ['comment.exploded'] }, 'event_types.0'],
    [{ url: receiver.url, event_types: [] }, 'event_types'],
    [{ url: 'not a url', event_types: ['comment.created'] }, 'url'],
    [{ url: receiver.url, event_types: ['comment.created'], secret: 'hunter2' }, 'secret'],
  ] as const) {
    const res = await ctx.http().post('/api/v1/webhooks').set(asKey(w.tenantA.apiKey)).send(body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.equal(res.body.errors[0].field, field);
  }
  assert.equal((await ctx.http().get('/api/v1/webhooks').set(w.as(w.actors.author))).status, 403);
});

test('a posted comment is delivered signed per Standard Webhooks, and verifies with the reference library', async () => {
  const hook = await register(w.tenantA.apiKey, { url: receiver.url, event_types: ['comment.created'] });
  assert.ok(isWebhookSecret(hook.secret));
  const listed = await ctx.http().get('/api/v1/webhooks').set(asKey(w.tenantA.apiKey));
  assert.ok(!listed.text.includes(hook.secret), 'the secret is shown only when registered');
  try {
    const posted = await comment('Hello over the wire');
    const [got] = await receiver.waitFor(1);
    const headers = got!.headers as Record<string, string>;
    const verified = new Webhook(hook.secret).verify(got!.body, headers) as { type: string; data: { id: string; body: string }; timestamp: string };
    assert.equal(verified.type, 'comment.created');
    assert.equal(verified.data.id, posted.id);
    assert.equal(verified.data.body, 'Hello over the wire');
    assert.match(headers['webhook-id']!, /^msg_/);
    assert.ok(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000) < 30);
    // The specification's algorithm, computed independently: HMAC-SHA256 of id.timestamp.body.
    const key = Buffer.from(hook.secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${got!.body}`).digest('base64');
    assert.equal(headers['webhook-signature'], `v1,${expected}`);
    // Another secret does not verify it.
    const other = await register(w.tenantA.apiKey, { url: receiver.url, event_types: ['media.ready'] });
    assert.throws(() => new Webhook(other.secret).verify(got!.body, headers));
    await unregister(w.tenantA.apiKey, other.id);
  } finally {
    await unregister(w.tenantA.apiKey, hook.id);
  }
});

test('an endpoint registered just after a comment found none gets the next comment at once', async () => {
  // The first comment finds no endpoint, which the process remembers for a few seconds; registering clears that.
  await comment('Nobody listens yet.');
  await settled();
  const hook = await register(w.tenantA.apiKey, { url: receiver.url, event_types: ['comment.created'] });
  try {
    const posted = await comment('Now somebody does.');
    const [got] = await receiver.waitFor(1);
    assert.equal(JSON.parse(got!.body).data.id, posted.id);
  } finally {
    await unregister(w.tenantA.apiKey, hook.id);
  }
});

test('a learner’s comment that leaves the thread awaiting a reply sends thread.awaiting_reply, once', async () => {
  const hook = await register(w.tenantA.apiKey, { url: receiver.url, event_types: ['thread.awaiting_reply', 'comment.updated'] });
  try {
    // After an author's answer, the owner's next comment makes the thread await one; the one after does not again.
    await comment('Answered.', w.actors.author);
    const first = await comment('Is my frame right?');
    await comment('And the count?');
    await settled();
    assert.equal(receiver.received.length, 1);
    const event = JSON.parse(receiver.received[0]!.body);
    assert.equal(event.type, 'thread.awaiting_reply');
    assert.equal(event.data.thread_id, w.threadId);
    assert.equal(event.data.comment_id, first.id);
    const edited = await ctx.http().patch(`/api/v1/comments/${first.id}`).set(w.as(w.actors.owner)).send({ body: 'Is my frame right now?' });
    assert.equal(edited.status, 200);
    const [, update] = await receiver.waitFor(2);
    assert.equal(JSON.parse(update!.body).type, 'comment.updated');
  } finally {
    await unregister(w.tenantA.apiKey, hook.id);
  }
});

test('a failing receiver gets retries with exponential backoff, and the log shows them', async () => {
  const hook = await register(w.tenantA.apiKey, { url: receiver.url, event_types: ['comment.created'] });
  try {
    receiver.failNext(500, 503, 502);
    await comment('Retry me');
    const got = await receiver.waitFor(4, 60_000);
    const gaps = got.slice(1).map((r, i) => r.at - got[i]!.at);
    // retryDelay 1 s, doubled each time (plus up to as much again, at random): at least 1 s, 2 s, 4 s.
    assert.ok(gaps[0]! >= 1000 && gaps[1]! >= 2000 && gaps[2]! >= 4000, `gaps ${gaps.join(', ')} ms`);
    assert.equal(new Set(got.map((r) => r.headers['webhook-id'])).size, 1, 'one webhook-id across retries');
    await settled();
    const [logged] = await deliveries(w.tenantA.apiKey, hook.id);
    assert.equal(logged!.status, 'succeeded');
    assert.equal(logged!.attempts, 4);
    assert.equal(logged!.last_status_code, 200);
  } finally {
    await unregister(w.tenantA.apiKey, hook.id);
  }
});

test('redelivery sends the same message again, with the same webhook-id', async () => {
  const hook = await register(w.tenantA.apiKey, { url: receiver.url, event_types: ['comment.created'] });
  try {
    await comment('Deliver me twice');
    const [first] = await receiver.waitFor(1);
    await settled();
    const [delivery] = await deliveries(w.tenantA.apiKey, hook.id);
    const again = await ctx.http().post(`/api/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/redeliver`).set(asKey(w.tenantA.apiKey));
    assert.equal(again.status, 202, again.text);
    assert.equal(again.body.status, 'pending');
    const [, second] = await receiver.waitFor(2);
    assert.equal(second!.headers['webhook-id'], first!.headers['webhook-id']);
    assert.equal(second!.body, first!.body);
    await settled();
    assert.equal((await deliveries(w.tenantA.apiKey, hook.id))[0]!.attempts, 2);
    // Another tenant's key sees neither the endpoint nor its deliveries.
    const b = asKey(w.tenantB.apiKey);
    assert.equal((await ctx.http().post(`/api/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/redeliver`).set(b)).status, 404);
    assert.equal((await ctx.http().get(`/api/v1/webhooks/${hook.id}/deliveries`).set(b)).status, 404);
    assert.equal((await ctx.http().delete(`/api/v1/webhooks/${hook.id}`).set(b)).status, 404);
  } finally {
    await unregister(w.tenantA.apiKey, hook.id);
  }
});

test('another tenant’s receiver never gets an event', async () => {
  const mine = await register(w.tenantA.apiKey, { url: receiver.url, event_types: ['comment.created'] });
  const theirs = await register(w.tenantB.apiKey, { url: receiverB.url, event_types: ['comment.created', 'comment.updated', 'thread.awaiting_reply', 'media.ready'] });
  try {
    await comment('Tenant A only');
    await comment('From the author too', w.actors.author);
    await receiver.waitFor(2);
    await settled();
    assert.equal(receiverB.received.length, 0);
    const listed = await ctx.http().get('/api/v1/webhooks').set(asKey(w.tenantB.apiKey));
    assert.deepEqual(listed.body.data.map((h: { id: string }) => h.id), [theirs.id]);
  } finally {
    await unregister(w.tenantA.apiKey, mine.id);
    await unregister(w.tenantB.apiKey, theirs.id);
  }
});

test('a grade set on a thread is delivered as grade.updated, to its own tenant only', async () => {
  const mine = await register(w.tenantA.apiKey, { url: receiver.url, event_types: ['grade.updated'] });
  const theirs = await register(w.tenantB.apiKey, { url: receiverB.url, event_types: ['grade.updated'] });
  try {
    const res = await ctx.http().put(`/api/v1/threads/${w.threadId}/grade`).set(w.as(w.actors.author)).send({ score: 8, comment: 'Clean turn.' });
    assert.equal(res.status, 200, res.text);
    const [got] = await receiver.waitFor(1);
    const verified = new Webhook(mine.secret).verify(got!.body, got!.headers as Record<string, string>) as { type: string; data: { thread_id: string; score: number; comment: string; passback: { state: string } } };
    assert.equal(verified.type, 'grade.updated');
    assert.equal(verified.data.thread_id, w.threadId);
    assert.equal(verified.data.score, 8);
    assert.equal(verified.data.comment, 'Clean turn.');
    // Outside any course the grade is kept locally: nothing goes to a gradebook.
    assert.equal(verified.data.passback.state, 'not_applicable');
    await settled();
    assert.equal(receiverB.received.length, 0);
  } finally {
    await unregister(w.tenantA.apiKey, mine.id);
    await unregister(w.tenantB.apiKey, theirs.id);
  }
});

test('a URL stored while private URLs were allowed is refused at delivery time without the setting', async () => {
  const hook = await register(w.tenantA.apiKey, { url: receiver.url.replace('127.0.0.1', 'localhost'), event_types: ['comment.created'] });
  try {
    await comment('Guarded');
    await receiver.waitFor(1);
    await settled();
    const [delivery] = await deliveries(w.tenantA.apiKey, hook.id);
    receiver.received.length = 0;
    await assert.rejects(strict.attempt({ delivery_id: delivery!.id }));
    assert.equal(receiver.received.length, 0);
    const [logged] = await deliveries(w.tenantA.apiKey, hook.id);
    assert.equal(logged!.status, 'failed');
    assert.match(logged!.last_error!, /loopback, private or reserved/);
  } finally {
    await unregister(w.tenantA.apiKey, hook.id);
  }
  assert.equal((await ctx.http().delete(`/api/v1/webhooks/${hook.id}`).set(asKey(w.tenantA.apiKey))).status, 404);
});

test('a learner’s attempt is delivered as attempt.created, its deletion as attempt.deleted, to its own tenant only', async () => {
  const mine = await register(w.tenantA.apiKey, { url: receiver.url, event_types: ['attempt.created', 'attempt.deleted'] });
  const theirs = await register(w.tenantB.apiKey, { url: receiverB.url, event_types: ['attempt.created', 'attempt.deleted'] });
  try {
    const created = await ctx.http().post(`/api/v1/threads/${w.threadId}/attempts`).set(w.as(w.actors.owner)).send({ file_name: 'take.webm', size: 1000, content_type: 'video/webm' });
    assert.equal(created.status, 201, created.text);
    const [added] = await receiver.waitFor(1);
    const a = new Webhook(mine.secret).verify(added!.body, added!.headers as Record<string, string>) as { type: string; data: { id: string; thread_id: string; number: number; media_asset_id: string } };
    assert.equal(a.type, 'attempt.created');
    assert.deepEqual([a.data.id, a.data.thread_id, a.data.number, a.data.media_asset_id], [created.body.attempt.id, w.threadId, created.body.attempt.number, created.body.attempt.media_asset_id]);

    assert.equal((await ctx.http().delete(`/api/v1/attempts/${created.body.attempt.id}`).set(w.as(w.actors.owner))).status, 204);
    const [, removed] = await receiver.waitFor(2);
    const d = new Webhook(mine.secret).verify(removed!.body, removed!.headers as Record<string, string>) as { type: string; data: { id: string; thread_id: string } };
    assert.equal(d.type, 'attempt.deleted');
    assert.deepEqual([d.data.id, d.data.thread_id], [created.body.attempt.id, w.threadId]);
    await settled();
    assert.equal(receiver.received.length, 2);
    assert.equal(receiverB.received.length, 0);
  } finally {
    await unregister(w.tenantA.apiKey, mine.id);
    await unregister(w.tenantB.apiKey, theirs.id);
  }
});
