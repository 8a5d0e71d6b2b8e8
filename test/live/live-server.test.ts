import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { threadRoom } from '../../api/src/live/publisher.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { REDIS_URL } from '../helpers/database.ts';
import { makeWorld, type World } from '../helpers/world.ts';
import { connect, errorOf, fence, next, record, startLive, subscribe, type ClientSocket, type LiveHarness } from './live-helpers.ts';

// Real socket.io-client connections to the app's HTTP server on port 0.

let ctx: TestContext;
let w: World;
let h: LiveHarness;

before(async () => {
  ctx = await createTestContext({ SOCKET_EVENTS_PER_SECOND: '5', SOCKET_MAX_BUFFER_BYTES: '8192' });
  w = await makeWorld(ctx);
  // In the pass with Redis, the same behaviour through the Redis adapter.
  h = await startLive(ctx, { redisUrl: REDIS_URL });
});

after(async () => {
  await h.close();
  await ctx.close();
});

async function post(actor: { token: string }, body: Record<string, unknown>) {
  const res = await ctx.http().post('/api/v1/comments').set(w.as(actor.token)).send({ thread_id: w.threadId, t_start: 5, ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; seq: number };
}

async function roomMembers(threadId: string): Promise<string[]> {
  // This process only: with the Redis adapter other test files' servers share the channel.
  return (await h.live.io.local.in(threadRoom(threadId)).fetchSockets()).map((s) => s.id);
}

describe('authentication', () => {
  test('a user token connects', async () => {
    const socket = await connect(h, w.actors.owner.token);
    assert.ok(socket.connected);
    socket.disconnect();
  });

  test('no token, a tampered token, an expired token and an API key are refused with connect_error', async () => {
    const [head, payload, signature] = w.actors.owner.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, role: 'instructor' })).toString('base64url')}.${signature}`;
    const expired = await ctx.c.tokens.issue({ id: w.actors.owner.id, tenantId: w.tenantA.tenant.id, role: 'learner' }, 0);
    for (const [token, detail] of [
      [undefined, /auth\.token/],
      ['', /auth\.token/],
      [42, /auth\.token/],
      [forged, /not valid/],
      [`${w.actors.owner.token}x`, /not valid/],
      [expired.token, /expired/],
      [w.tenantA.apiKey, /not API keys/],
    ] as const) {
      await assert.rejects(connect(h, token), (error: Error & { data?: { status: number; type: string } }) => {
        assert.match(error.message, detail);
        assert.equal(error.data?.status, 401);
        assert.match(error.data!.type, /unauthorized$/);
        return true;
      });
    }
  });

  test('a socket is disconnected when its token expires', async () => {
    const short = await ctx.c.tokens.issue({ id: w.actors.owner.id, tenantId: w.tenantA.tenant.id, role: 'learner' }, 2);
    const socket = await connect(h, short.token);
    const ack = await subscribe(socket, w.threadId);
    assert.ok('ok' in ack);
    const reason = await new Promise((resolve) => socket.once('disconnect', resolve));
    assert.equal(reason, 'io server disconnect');
    assert.ok(Date.now() / 1000 >= short.expiresAt - 0.05, 'not before the token expired');
  });

  test('the handshake request is not kept on the socket', async () => {
    const socket = await connect(h, w.actors.owner.token);
    const local = h.live.io.of('/').sockets.get(socket.id!)!;
    assert.ok(local);
    assert.equal(local.request, null);
    assert.equal(local.conn.request, null);
    socket.disconnect();
  });
});

describe('thread rooms follow the access policy', () => {
  test('the owner, the creator and a co-author subscribe and receive a comment posted over REST', async () => {
    const sockets = await Promise.all([w.actors.owner, w.actors.author, w.actors.coauthor].map((a) => connect(h, a.token)));
    const before = await ctx.c.threads.latestSeq({ kind: 'user', tenantId: w.tenantA.tenant.id, userId: w.actors.owner.id, role: 'learner' }, w.threadId);
    for (const s of sockets) {
      const ack = await subscribe(s, w.threadId);
      assert.deepEqual(ack, { ok: true, seq: before });
    }
    const received = sockets.map((s) => next(s, 'comment:created'));
    const created = await post(w.actors.author, { body: 'Live from the author' });
    for (const comment of await Promise.all(received)) {
      assert.equal(comment.id, created.id);
      assert.equal(comment.seq, before + 1);
      assert.equal(comment.body, 'Live from the author');
      assert.equal(comment.author?.id, w.actors.author.id);
    }
    for (const s of sockets) s.disconnect();
  });

  test('another learner, an instructor who is no author, a moderator and another tenant get 404 and join nothing', async () => {
    const owner = await connect(h, w.actors.owner.token);
    assert.ok('ok' in (await subscribe(owner, w.threadId)));
    const outsiders: ClientSocket[] = [];
    for (const actor of [w.actors.otherLearner, w.actors.otherInstructor, w.actors.moderator, w.actors.foreign, w.actors.foreignInstructor]) {
      const s = await connect(h, actor.token);
      const error = errorOf(await subscribe(s, w.threadId));
      assert.equal(error.status, 404);
      assert.match(error.type, /not-found$/);
      assert.equal(error.title, 'Not found');
      assert.equal(typeof error.detail, 'string');
      outsiders.push(s);
    }
    const members = await roomMembers(w.threadId);
    assert.ok(members.includes(owner.id!));
    for (const s of outsiders) assert.ok(!members.includes(s.id!), 'an outsider is in the room');

    const seen = outsiders.map(record);
    const arrived = next(owner, 'comment:created');
    const created = await post(w.actors.owner, { body: 'Only for the thread' });
    assert.equal((await arrived).id, created.id);
    await Promise.all(outsiders.map(fence));
    assert.deepEqual(seen.flat(), []);
    for (const s of [owner, ...outsiders]) s.disconnect();
  });

  test('a thread that does not exist is 404 too', async () => {
    const s = await connect(h, w.actors.author.token);
    assert.equal(errorOf(await subscribe(s, '7b0c1f35-8d9e-4a51-9a59-3c2d7f6a0b11')).status, 404);
    s.disconnect();
  });

  test('payloads are validated with the REST schemas: 422 naming the field', async () => {
    const s = await connect(h, w.actors.owner.token);
    const bad = errorOf(await subscribe(s, 'not-a-uuid'));
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.errors, [{ field: 'thread_id', message: 'Must be a UUID.' }]);
    const extra = errorOf(await s.timeout(5000).emitWithAck('thread:subscribe', { thread_id: w.threadId, room: 'x' } as never));
    assert.equal(extra.status, 422);
    assert.equal(extra.errors?.[0]?.field, 'room');
    const missing = errorOf(await s.timeout(5000).emitWithAck('thread:subscribe', 'hello' as never));
    assert.equal(missing.status, 422);
    assert.deepEqual(await roomMembers(w.threadId), []);
    s.disconnect();
  });

  test('after unsubscribing, the socket receives nothing more from the thread', async () => {
    const s = await connect(h, w.actors.owner.token);
    const other = await connect(h, w.actors.author.token);
    assert.ok('ok' in (await subscribe(s, w.threadId)));
    assert.ok('ok' in (await subscribe(other, w.threadId)));
    assert.deepEqual(await s.timeout(5000).emitWithAck('thread:unsubscribe', { thread_id: w.threadId }), { ok: true });
    const seen = record(s);
    const arrived = next(other, 'comment:created');
    await post(w.actors.owner, { body: 'after unsubscribe' });
    await arrived;
    await fence(s);
    assert.deepEqual(seen, []);
    s.disconnect();
    other.disconnect();
  });

  test('revoking a user takes every socket of theirs out of the thread', async () => {
    const first = await connect(h, w.actors.coauthor.token);
    const second = await connect(h, w.actors.coauthor.token);
    const owner = await connect(h, w.actors.owner.token);
    for (const s of [first, second, owner]) assert.ok('ok' in (await subscribe(s, w.threadId)));
    ctx.c.live.revoke(w.actors.coauthor.id, [w.threadId]);
    // At once on this node, with or without the Redis adapter: a comment broadcast right after must not reach them.
    const members = await roomMembers(w.threadId);
    assert.ok(members.includes(owner.id!));
    assert.ok(!members.includes(first.id!) && !members.includes(second.id!));
    const seen = [first, second].map(record);
    const arrived = next(owner, 'comment:created');
    await post(w.actors.owner, { body: 'not for the former co-author' });
    await arrived;
    await Promise.all([first, second].map(fence));
    assert.deepEqual(seen.flat(), []);
    for (const s of [first, second, owner]) s.disconnect();
  });

  test('edits, deletions and moderation reach the room with increasing seq', async () => {
    const s = await connect(h, w.actors.author.token);
    assert.ok('ok' in (await subscribe(s, w.threadId)));
    const seen = record(s);
    const created = await post(w.actors.owner, { body: 'to be changed' });
    const patched = await ctx.http().patch(`/api/v1/comments/${created.id}`).set(w.as(w.actors.owner)).send({ body: 'changed' });
    assert.equal(patched.status, 200);
    const reported = await ctx.http().post(`/api/v1/comments/${created.id}/reports`).set(w.as(w.actors.author)).send({ reason: 'rude' });
    assert.equal(reported.status, 201, JSON.stringify(reported.body));
    const hidden = next(s, 'comment:hidden');
    await ctx.c.moderation.hide({ kind: 'user', tenantId: w.tenantA.tenant.id, userId: w.actors.moderator.id, role: 'moderator' }, created.id, 'test');
    await hidden;
    const deleted = next(s, 'comment:deleted');
    const removed = await ctx.http().delete(`/api/v1/comments/${created.id}`).set(w.as(w.actors.owner));
    assert.equal(removed.status, 204);
    await deleted;
    const mine = seen.filter((e) => e.comment.id === created.id);
    assert.deepEqual(
      mine.map((e) => e.name),
      ['comment:created', 'comment:updated', 'comment:hidden', 'comment:deleted'],
    );
    const seqs = mine.map((e) => e.comment.seq);
    assert.deepEqual([...seqs].sort((a, b) => a - b), seqs);
    assert.equal(new Set(seqs).size, seqs.length);
    assert.equal(mine[1]!.comment.body, 'changed');
    assert.equal(mine[2]!.comment.body, null, 'a hidden comment goes out without its body');
    s.disconnect();
  });
});

describe('per-user room', () => {
  test('an event about a user reaches only that user', async () => {
    const mine = await connect(h, w.actors.owner.token);
    const theirs = await connect(h, w.actors.otherLearner.token);
    const seen: unknown[] = [];
    theirs.on('media:status-changed', (e) => seen.push(e));
    const arrived = next(mine, 'media:status-changed');
    const event = { media_asset_id: '4c3f0a5e-2b1d-4e8f-9a7b-6c5d4e3f2a1b', status: 'ready', error: null } as const;
    ctx.c.live.user(w.actors.owner.id, event);
    assert.deepEqual(await arrived, event);
    await fence(theirs);
    assert.deepEqual(seen, []);
    mine.disconnect();
    theirs.disconnect();
  });
});

describe('limits', () => {
  test('a socket that floods gets 429 acknowledgements, then is closed', async () => {
    const s = await connect(h, w.actors.owner.token);
    const statuses: number[] = [];
    const closed = new Promise((resolve) => s.once('disconnect', resolve));
    // Five a second, a burst of ten: forty at once overflow the bucket and keep pushing.
    for (let i = 0; i < 40; i++) {
      s.emit('thread:subscribe', { thread_id: w.threadId }, (ack) => statuses.push('error' in ack ? ack.error.status : 200));
    }
    assert.equal(await closed, 'io server disconnect');
    assert.ok(statuses.includes(429), `statuses: ${statuses.join(',')}`);
    assert.ok(statuses.filter((x) => x === 200).length <= 10);
  });

  test('a message larger than the buffer cap closes the connection', async () => {
    const s = await connect(h, w.actors.owner.token);
    const closed = new Promise((resolve) => s.once('disconnect', resolve));
    s.emit('thread:subscribe', { thread_id: 'x'.repeat(20_000) }, () => {});
    assert.equal(await closed, 'transport close');
    assert.equal(h.live.io.of('/').sockets.has(s.id ?? ''), false);
  });

  test('nothing unexpected happened on the server', () => {
    assert.deepEqual(h.unexpected, []);
    assert.deepEqual(ctx.unexpected, []);
  });
});
