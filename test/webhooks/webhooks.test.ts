import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { ApiKeyPrincipal } from '../../api/src/auth/principal.ts';
import { ValidationError } from '../../api/src/http/errors.ts';
import { JobQueue } from '../../api/src/jobs/job-queue.ts';
import { isPublicAddress } from '../../api/src/webhooks/url-guard.ts';
import { WebhookJobs } from '../../api/src/webhooks/webhook-jobs.ts';
import { isWebhookSecret } from '../../api/src/webhooks/webhook-signer.ts';
import { WebhooksRepository } from '../../api/src/webhooks/webhooks.repository.ts';
import { WebhooksService } from '../../api/src/webhooks/webhooks.service.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { jobsSettled } from '../helpers/jobs.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { makeWorld, type World } from '../helpers/world.ts';

// Webhooks against real HTTP receivers on loopback, delivered from the real job queue (pg-boss).

let ctx: TestContext;
let w: World;
let queue: JobQueue;
let receiver: WebhookReceiver;
let receiverB: WebhookReceiver;
let webhooks: WebhooksService;
let strict: WebhooksService;
let keyA: ApiKeyPrincipal;
let keyB: ApiKeyPrincipal;

const settled = () => jobsSettled(ctx.db.knex, 'webhook-%', 40_000);

before(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  receiver = await startWebhookReceiver();
  receiverB = await startWebhookReceiver();
  const repo = new WebhooksRepository(ctx.db.knex);
  webhooks = new WebhooksService(repo, { allowPrivateUrls: true, timeoutMs: 3000 });
  strict = new WebhooksService(repo, { allowPrivateUrls: false, timeoutMs: 3000 });
  queue = new JobQueue(ctx.db, { pollingIntervalSeconds: 0.5, onError: () => {} });
  const jobs = new WebhookJobs(queue, webhooks, { retryDelaySeconds: 1 });
  await queue.start(jobs.queues);
  await jobs.work();
  keyA = { kind: 'api_key', tenantId: w.tenantA.tenant.id, keyId: 'a' };
  keyB = { kind: 'api_key', tenantId: w.tenantB.tenant.id, keyId: 'b' };
});

after(async () => {
  await queue?.stop();
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

async function refusal(service: WebhooksService, url: string): Promise<string> {
  const error = await service.create(keyA, { url, event_types: ['comment.created'] }).then(
    () => assert.fail(`${url} was accepted`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ValidationError, String(error));
  assert.equal(error.errors?.[0]?.field, 'url');
  return error.errors![0]!.message;
}

test('loopback, private and reserved URLs are refused without WEBHOOKS_ALLOW_PRIVATE_URLS', async () => {
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
    assert.match(await refusal(strict, url), /loopback|private|reserved|https/, url);
  }
  assert.match(await refusal(strict, 'http://93.184.216.34/hooks'), /https/);
  assert.match(await refusal(strict, 'https://user:pw@93.184.216.34/hooks'), /credentials/);
  // A public address is accepted (an address literal: this machine has no DNS outside).
  const ok = await strict.create(keyA, { url: 'https://93.184.216.34/hooks', event_types: ['comment.created'] });
  await strict.remove(keyA, ok.id);
  assert.equal(isPublicAddress('8.8.8.8'), true);
  assert.equal(isPublicAddress('::ffff:10.0.0.1'), false);
});

test('deliveries are signed per Standard Webhooks and verify with the reference library', async () => {
  const hook = await webhooks.create(keyA, { url: receiver.url, event_types: ['comment.created'] });
  assert.ok(isWebhookSecret(hook.secret));
  try {
    await webhooks.emit(w.tenantA.tenant.id, 'comment.created', { id: 'c1', body: 'Hello' });
    const [got] = await receiver.waitFor(1);
    const headers = got!.headers as Record<string, string>;
    const verified = new Webhook(hook.secret).verify(got!.body, headers) as { type: string; data: { body: string }; timestamp: string };
    assert.equal(verified.type, 'comment.created');
    assert.equal(verified.data.body, 'Hello');
    assert.match(headers['webhook-id']!, /^msg_/);
    assert.ok(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000) < 30);
    // The specification's algorithm, computed independently: HMAC-SHA256 of id.timestamp.body.
    const key = Buffer.from(hook.secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${got!.body}`).digest('base64');
    assert.equal(headers['webhook-signature'], `v1,${expected}`);
    // Another secret does not verify it.
    const other = await webhooks.create(keyA, { url: receiver.url, event_types: ['media.ready'] });
    assert.throws(() => new Webhook(other.secret).verify(got!.body, headers));
    await webhooks.remove(keyA, other.id);
  } finally {
    await webhooks.remove(keyA, hook.id);
  }
});

test('a failing receiver gets retries with exponential backoff, and the log shows them', async () => {
  const hook = await webhooks.create(keyA, { url: receiver.url, event_types: ['comment.updated'] });
  try {
    receiver.failNext(500, 503, 502);
    await webhooks.emit(w.tenantA.tenant.id, 'comment.updated', { id: 'c2' });
    const got = await receiver.waitFor(4, 60_000);
    const gaps = got.slice(1).map((r, i) => r.at - got[i]!.at);
    // retryDelay 1 s, doubled each time (jittered up to 1.5x on top): at least 1 s, 2 s, 4 s.
    assert.ok(gaps[0]! >= 1000 && gaps[1]! >= 2000 && gaps[2]! >= 4000, `gaps ${gaps.join(', ')} ms`);
    assert.equal(new Set(got.map((r) => r.headers['webhook-id'])).size, 1, 'one webhook-id across retries');
    await settled();
    const log = await webhooks.deliveries(keyA, hook.id, { limit: 10 });
    assert.equal(log.data.length, 1);
    assert.equal(log.data[0]!.status, 'succeeded');
    assert.equal(log.data[0]!.attempts, 4);
    assert.equal(log.data[0]!.last_status_code, 200);
  } finally {
    await webhooks.remove(keyA, hook.id);
  }
});

test('redelivery sends the same message again, with the same webhook-id', async () => {
  const hook = await webhooks.create(keyA, { url: receiver.url, event_types: ['thread.awaiting_reply'] });
  try {
    await webhooks.emit(w.tenantA.tenant.id, 'thread.awaiting_reply', { thread_id: w.threadId });
    const [first] = await receiver.waitFor(1);
    await settled();
    const [delivery] = (await webhooks.deliveries(keyA, hook.id, { limit: 10 })).data;
    const again = await webhooks.redeliver(keyA, hook.id, delivery!.id);
    assert.equal(again.status, 'pending');
    const [, second] = await receiver.waitFor(2);
    assert.equal(second!.headers['webhook-id'], first!.headers['webhook-id']);
    assert.equal(second!.body, first!.body);
    await settled();
    const [after] = (await webhooks.deliveries(keyA, hook.id, { limit: 10 })).data;
    assert.equal(after!.attempts, 2);
    // Another tenant's key sees neither the endpoint nor its deliveries.
    await assert.rejects(webhooks.redeliver(keyB, hook.id, delivery!.id), { status: 404 });
    await assert.rejects(webhooks.deliveries(keyB, hook.id, { limit: 10 }), { status: 404 });
  } finally {
    await webhooks.remove(keyA, hook.id);
  }
});

test('another tenant’s receiver never gets an event', async () => {
  const mine = await webhooks.create(keyA, { url: receiver.url, event_types: ['comment.created'] });
  const theirs = await webhooks.create(keyB, { url: receiverB.url, event_types: ['comment.created', 'comment.updated', 'thread.awaiting_reply'] });
  try {
    await webhooks.emit(w.tenantA.tenant.id, 'comment.created', { id: 'c3' });
    await receiver.waitFor(1);
    await settled();
    assert.equal(receiverB.received.length, 0);
    assert.deepEqual((await webhooks.list(keyB)).map((h) => h.id), [theirs.id]);
  } finally {
    await webhooks.remove(keyA, mine.id);
    await webhooks.remove(keyB, theirs.id);
  }
});

test('a URL stored while private URLs were allowed is refused at delivery time without the setting', async () => {
  const hook = await webhooks.create(keyA, { url: receiver.url.replace('127.0.0.1', 'localhost'), event_types: ['media.ready'] });
  try {
    await webhooks.emit(w.tenantA.tenant.id, 'media.ready', { id: 'm1' });
    await receiver.waitFor(1);
    await settled();
    const [delivery] = (await webhooks.deliveries(keyA, hook.id, { limit: 10 })).data;
    receiver.received.length = 0;
    await assert.rejects(strict.attempt({ delivery_id: delivery!.id }));
    assert.equal(receiver.received.length, 0);
    const [logged] = (await webhooks.deliveries(keyA, hook.id, { limit: 10 })).data;
    assert.equal(logged!.status, 'failed');
    assert.match(logged!.last_error!, /loopback, private or reserved/);
  } finally {
    await webhooks.remove(keyA, hook.id);
  }
  await assert.rejects(webhooks.remove(keyA, hook.id), { status: 404 });
});
