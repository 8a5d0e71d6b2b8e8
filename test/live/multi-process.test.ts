import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CommentView } from '../../api/src/contract/comments.ts';
import { createLiveClient } from '../../widget/src/lib/live-client.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { NEEDS_SERVER_AND_REDIS, REDIS_URL } from '../helpers/database.ts';
import { makeWorld, type World } from '../helpers/world.ts';
import { startApiProcess, type ApiProcess } from './api-process.ts';
import { connect, next, subscribe, type ClientSocket } from './live-helpers.ts';

// Two API processes sharing one PostgreSQL database and one Redis: rooms span both.

describe('two API processes', { skip: NEEDS_SERVER_AND_REDIS }, () => {
  let ctx: TestContext;
  let w: World;
  let a: ApiProcess;
  let b: ApiProcess;
  const sockets: ClientSocket[] = [];

  before(async () => {
    ctx = await createTestContext();
    w = await makeWorld(ctx);
    const env = { DATABASE_URL: ctx.db.url!, REDIS_URL: REDIS_URL! };
    // One after the other: both run the migrations on start.
    a = await startApiProcess(env);
    b = await startApiProcess(env);
  });

  after(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await ctx?.close();
  });

  async function post(base: string, token: string, body: Record<string, unknown>): Promise<CommentView> {
    const res = await fetch(`${base}/api/v1/comments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ thread_id: w.threadId, t_start: 1, ...body }),
    });
    const json = await res.json();
    assert.equal(res.status, 201, JSON.stringify(json));
    return json as CommentView;
  }

  test('a client on process A receives a comment posted through process B, and the other way round', async () => {
    const onA = await connect({ url: a.url, sockets }, w.actors.owner.token);
    const onB = await connect({ url: b.url, sockets }, w.actors.author.token);
    assert.ok('ok' in (await subscribe(onA, w.threadId)));
    assert.ok('ok' in (await subscribe(onB, w.threadId)));

    const atA = next(onA, 'comment:created', (c) => c.body === 'posted through B');
    const viaB = await post(b.url, w.actors.author.token, { body: 'posted through B' });
    const received = await atA;
    assert.equal(received.id, viaB.id);
    assert.equal(received.seq, viaB.seq);

    const atB = next(onB, 'comment:created', (c) => c.body === 'posted through A');
    const viaA = await post(a.url, w.actors.owner.token, { body: 'posted through A' });
    assert.equal((await atB).id, viaA.id);
  });

  test('an outsider on the other process still cannot subscribe', async () => {
    const s = await connect({ url: b.url, sockets }, w.actors.otherLearner.token);
    const ack = await subscribe(s, w.threadId);
    assert.ok('error' in ack && ack.error.status === 404);
  });

  test('a client that left process A catches up on process B', async () => {
    const seen = new Map<string, CommentView>();
    const onEvent = (_name: string, c: CommentView) => {
      const had = seen.get(c.id);
      if (!had || had.seq < c.seq) seen.set(c.id, c);
    };
    const first = createLiveClient({ apiBase: a.url, token: w.actors.owner.token, onEvent, transports: ['websocket'] });
    await first.subscribe(w.threadId);
    const lastSeq = first.lastSeq(w.threadId)!;
    first.close();

    for (let i = 0; i < 30; i++) await post(a.url, w.actors.author.token, { t_start: i, body: `while away ${i}` });

    const second = createLiveClient({ apiBase: b.url, token: w.actors.owner.token, onEvent, transports: ['websocket'] });
    await second.subscribe(w.threadId, lastSeq);
    const rows = await ctx.db.knex('video_comments').where({ thread_id: w.threadId }).orderBy([{ column: 't_start_ms' }, { column: 'id' }]).select('id', 'seq');
    const mine = [...seen.values()].sort((x, y) => x.t_start - y.t_start || (x.id < y.id ? -1 : 1));
    assert.deepEqual(
      mine.map((c) => [c.id, c.seq]),
      rows.map((r) => [r.id, r.seq]),
    );
    const last = await ctx.db.knex('personal_exercise_threads').where({ id: w.threadId }).first('last_seq');
    assert.equal(second.lastSeq(w.threadId), last.last_seq);

    // And live again on B, for a comment posted through A.
    const arrived = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if ([...seen.values()].some((c) => c.body === 'after the move')) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    await post(a.url, w.actors.author.token, { body: 'after the move' });
    await arrived;
    second.close();
  });
});
