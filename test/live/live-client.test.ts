import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CommentView } from '../../api/src/contract/comments.ts';
import type { CommentEventName } from '../../api/src/contract/live-events.ts';
import { createLiveClient, LiveClientError, type LiveClient } from '../../widget/src/lib/live-client.ts';
import type { TestContext } from '../helpers/context.ts';
import type { World } from '../helpers/world.ts';
import { startLiveWorld, type LiveHarness } from './live-helpers.ts';

// The widget's live client against the real server: catch-up after a reconnect, duplicates, gaps.

let ctx: TestContext;
let w: World;
let h: LiveHarness;
const clients: LiveClient[] = [];

let close: () => Promise<void>;

before(async () => ({ ctx, w, h, close } = await startLiveWorld()));
after(async () => {
  for (const c of clients) c.close();
  await close();
});

interface Seen {
  name: CommentEventName;
  comment: CommentView;
}

/** A live client whose token can be held back (a connection cannot complete while it is). */
function client(token: string, threadId = w.threadId) {
  const seen: Seen[] = [];
  const reconnects: { threadId: string; lastSeq: number }[] = [];
  const errors: LiveClientError[] = [];
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((f) => f());
  const live = createLiveClient({
    apiBase: h.url,
    tokenProvider: async () => {
      await gate;
      return token;
    },
    onEvent: (name, comment) => {
      seen.push({ name, comment });
      notify();
    },
    onReconnect: (id, lastSeq) => {
      reconnects.push({ threadId: id, lastSeq });
      notify();
    },
    onError: (e) => errors.push(e),
    transports: ['websocket'],
  });
  clients.push(live);
  return {
    live,
    seen,
    reconnects,
    errors,
    threadId,
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
    /** Resolves when `done()` holds, checked after each event. */
    until(done: () => boolean): Promise<void> {
      return new Promise((resolve) => {
        const check = () => (done() ? resolve() : waiters.push(check));
        check();
      });
    },
  };
}

async function post(token: string, body: Record<string, unknown>) {
  const res = await ctx.http().post('/api/v1/comments').set(w.as(token)).send({ thread_id: w.threadId, ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as CommentView;
}

async function threadSeq(): Promise<number> {
  const row = await ctx.db.knex('personal_exercise_threads').where({ id: w.threadId }).first('last_seq');
  return row.last_seq as number;
}

function latestById(seen: Seen[]): Map<string, CommentView> {
  const byId = new Map<string, CommentView>();
  for (const { comment } of seen) byId.set(comment.id, comment);
  return byId;
}

describe('live client', () => {
  test('disconnected while 100 comments are posted, it reconnects and its list equals the database’s', async () => {
    const c = client(w.actors.owner.token);
    await c.live.subscribe(w.threadId);
    assert.equal(c.live.lastSeq(w.threadId), await threadSeq(), 'the first subscribe reads the whole thread');

    // Drop the connection and hold the client's next handshake until the comments are in.
    c.hold();
    for (const socket of h.live.io.of('/').sockets.values()) socket.conn.close();
    assert.equal(h.live.io.of('/').sockets.size, 0);
    const seenBefore = c.seen.length;
    const posted: CommentView[] = [];
    for (let i = 0; i < 100; i++) {
      const author = i % 3 === 0 ? w.actors.author : w.actors.owner;
      // Timecodes out of posting order, so timeline order differs from seq order.
      posted.push(await post(author.token, { t_start: ((i * 37) % 100) / 4, body: `comment ${i}` }));
    }
    // An edit of a comment the client already had, while it was away.
    const edited = await ctx.http().patch(`/api/v1/comments/${w.commentId}`).set(w.as(w.actors.owner)).send({ body: 'edited while away' });
    assert.equal(edited.status, 200);
    assert.equal(c.seen.length, seenBefore, 'nothing arrived while disconnected');

    const last = await threadSeq();
    c.release();
    await c.until(() => c.reconnects.length > 0);
    assert.deepEqual(c.reconnects, [{ threadId: w.threadId, lastSeq: last }]);

    // In order, no duplicates, none missing.
    const caughtUp = c.seen.slice(seenBefore);
    const seqs = caughtUp.map((e) => e.comment.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'read back in seq order');
    assert.equal(new Set(caughtUp.map((e) => e.comment.id)).size, caughtUp.length, 'each change once');
    assert.deepEqual(
      caughtUp.filter((e) => e.name === 'comment:created').map((e) => e.comment.id),
      posted.map((p) => p.id),
    );
    assert.deepEqual(caughtUp.filter((e) => e.name === 'comment:updated').map((e) => [e.comment.id, e.comment.body]), [[w.commentId, 'edited while away']]);

    const rows = await ctx.db.knex('video_comments').where({ thread_id: w.threadId }).orderBy([{ column: 't_start_ms' }, { column: 'id' }]).select('id', 'seq', 'body');
    const mine = [...latestById(c.seen).values()].sort((a, b) => a.t_start - b.t_start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    assert.deepEqual(
      mine.map((m) => [m.id, m.seq, m.body]),
      rows.map((r) => [r.id, r.seq, r.body]),
    );
    assert.equal(c.errors.length, 0, c.errors.map((e) => e.message).join('; '));
    c.live.close();
  });

  test('the same event delivered twice is applied once', async () => {
    const c = client(w.actors.author.token);
    await c.live.subscribe(w.threadId, await threadSeq());
    const first = await post(w.actors.owner.token, { t_start: 1, body: 'once' });
    await c.until(() => c.seen.some((e) => e.comment.id === first.id));
    const view = c.seen.find((e) => e.comment.id === first.id)!.comment;
    ctx.c.live.comment('comment:created', view, w.tenantA.tenant.id);
    ctx.c.live.comment('comment:created', view, w.tenantA.tenant.id);
    // Events on one connection arrive in order: once this one is in, so are the repeats.
    const fence = await post(w.actors.owner.token, { t_start: 2, body: 'fence' });
    await c.until(() => c.seen.some((e) => e.comment.id === fence.id));
    assert.equal(c.seen.filter((e) => e.comment.id === first.id).length, 1);
    c.live.close();
  });

  test('an event lost on the way is read back when the next one shows the gap', async () => {
    const c = client(w.actors.author.token);
    await c.live.subscribe(w.threadId, await threadSeq());
    const publish = ctx.c.live.comment.bind(ctx.c.live);
    let drop = true;
    ctx.c.live.comment = (event, comment, tenantId) => {
      if (drop) {
        drop = false;
        return;
      }
      publish(event, comment, tenantId);
    };
    try {
      const lost = await post(w.actors.owner.token, { t_start: 3, body: 'lost in transit' });
      const later = await post(w.actors.owner.token, { t_start: 4, body: 'arrives' });
      await c.until(() => c.seen.some((e) => e.comment.id === lost.id));
      assert.deepEqual(
        c.seen.map((e) => [e.name, e.comment.id]),
        [
          ['comment:created', later.id],
          ['comment:created', lost.id],
        ],
      );
      assert.equal(c.live.lastSeq(w.threadId), later.seq);
    } finally {
      ctx.c.live.comment = publish;
    }
    c.live.close();
  });

  test('after its token expires it connects again with a fresh one and catches up', async () => {
    const short = await ctx.c.tokens.issue({ id: w.actors.owner.id, tenantId: w.tenantA.tenant.id, role: 'learner' }, 2);
    let token = short.token;
    const seen: Seen[] = [];
    let resolveReconnect: (lastSeq: number) => void = () => {};
    const reconnected = new Promise<number>((resolve) => (resolveReconnect = resolve));
    const live = createLiveClient({
      apiBase: `${h.url}/api/v1/`,
      tokenProvider: () => token,
      onEvent: (name, comment) => seen.push({ name, comment }),
      onReconnect: (_id, lastSeq) => resolveReconnect(lastSeq),
      transports: ['websocket'],
    });
    clients.push(live);
    await live.subscribe(w.threadId, 0);
    // The server closes the socket at expiry; the next handshake takes this token.
    token = w.actors.owner.token;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, short.expiresAt * 1000 - Date.now()) + 200));
    const during = await post(w.actors.author.token, { t_start: 9, body: 'while the token was renewed' });
    assert.equal(await reconnected, await threadSeq());
    assert.ok(seen.some((e) => e.comment.id === during.id));
  });

  test('closed by the server (a process shutting down), it connects again by itself and catches up', async () => {
    const seen: Seen[] = [];
    let resolveReconnect: (lastSeq: number) => void = () => {};
    const reconnected = new Promise<number>((resolve) => (resolveReconnect = resolve));
    // A fixed token, no tokenProvider: nothing but the close itself prompts the reconnection.
    const live = createLiveClient({
      apiBase: h.url,
      token: w.actors.owner.token,
      onEvent: (name, comment) => seen.push({ name, comment }),
      onReconnect: (_id, lastSeq) => resolveReconnect(lastSeq),
      transports: ['websocket'],
    });
    clients.push(live);
    await live.subscribe(w.threadId, await threadSeq());
    assert.ok(h.live.io.of('/').sockets.size > 0);
    // What LiveServer.close() sends first: a DISCONNECT packet ('io server disconnect' at the client).
    h.live.io.local.disconnectSockets();
    const during = await post(w.actors.author.token, { t_start: 5, body: 'while the client was closed' });
    const late = new Promise<never>((_r, reject) => setTimeout(() => reject(new Error('no reconnection within 10 s')), 10_000).unref());
    assert.equal(await Promise.race([reconnected, late]), await threadSeq());
    assert.ok(seen.some((e) => e.comment.id === during.id), 'read back after the reconnection');
    live.close();
  });

  test('a thread the user may not see rejects subscribe with not-found', async () => {
    const c = client(w.actors.otherLearner.token);
    await assert.rejects(c.live.subscribe(w.threadId), (error: LiveClientError) => {
      assert.ok(error instanceof LiveClientError);
      assert.equal(error.kind, 'not-found');
      assert.equal(error.problem?.status, 404);
      return true;
    });
    assert.equal(c.live.lastSeq(w.threadId), undefined);
    assert.deepEqual(c.seen, []);
    c.live.close();
  });

  test('nothing unexpected happened on the server', () => {
    assert.deepEqual(h.unexpected, []);
    assert.deepEqual(ctx.unexpected, []);
  });
});

describe('grade:updated', () => {
  test('the thread’s room hears a grade another author saves, with its passback state; a user outside the thread hears nothing', async () => {
    const grades: unknown[] = [];
    const outside: unknown[] = [];
    const follow = async (token: string, into: unknown[]) => {
      const live = createLiveClient({ apiBase: h.url, token, onEvent: () => {}, onGrade: (e) => into.push(e), transports: ['websocket'] });
      clients.push(live);
      await live.subscribe(w.threadId, 0).catch(() => undefined);
      return live;
    };
    // The owner follows their thread; another learner tries and is refused, so hears nothing.
    await follow(w.actors.owner.token, grades);
    await follow(w.actors.otherLearner.token, outside);
    const saved = await ctx.http().put(`/api/v1/threads/${w.threadId}/grade`).set(w.as(w.actors.coauthor)).send({ score: 12, comment: 'Steady tempo.' });
    assert.equal(saved.status, 200, saved.text);
    for (let i = 0; i < 100 && grades.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(grades, [{ ...saved.body, thread_id: w.threadId }]);
    assert.deepEqual(outside, []);
  });
});
