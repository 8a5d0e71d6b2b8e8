import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { createApp } from '../../api/src/app.ts';
import type { CommentView } from '../../api/src/contract/comments.ts';
import { createContainer } from '../../api/src/container.ts';
import { openDatabase, type Database } from '../../api/src/db/database.ts';
import { createLiveClient, type LiveClient } from '../../widget/src/lib/live-client.ts';
import { testConfig, type TestContext } from '../helpers/context.ts';
import { makeWorld, type World } from '../helpers/world.ts';
import { startApiProcess, type ApiProcess } from '../live/api-process.ts';
import { connect } from '../live/live-helpers.ts';
import { FAULTS_SKIP, startPostgres, startRedis, type PostgresStandIn, type RedisStandIn } from './stand-ins.ts';
import { assertExactlyOnce, countBy, writeLoad } from './write-load.ts';

// Issue 15's fault suite: faults injected under write load, with clients that retry with an
// Idempotency-Key. In every scenario every acknowledged comment is in the database exactly once.
// Its own PostgreSQL cluster and Redis, so it can stop them; each scenario within about a minute.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const alive = (p: ApiProcess) => p.child.exitCode === null && p.child.signalCode === null;

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

describe('faults under write load', { skip: FAULTS_SKIP }, () => {
  let pg: PostgresStandIn;
  let redis: RedisStandIn;
  let db: Database;
  let w: World;
  const nodes: ApiProcess[] = [];
  const live: LiveClient[] = [];
  const env = () => ({ DATABASE_URL: pg.url, REDIS_URL: redis.url });
  const serving = () => nodes.filter(alive).map((n) => n.url);

  before(async () => {
    pg = await startPostgres();
    redis = await startRedis();
    db = await openDatabase({ url: pg.url, dataDir: 'memory://' });
    await db.migrate();
    const c = createContainer(testConfig(), db);
    const app = createApp(c);
    const ctx: TestContext = { db: { ...db, url: pg.url }, c, app, http: () => supertest(app), unexpected: [], close: () => db.close() };
    w = await makeWorld(ctx);
    nodes.push(await startApiProcess(env()), await startApiProcess(env()));
  });

  after(async () => {
    for (const l of live) l.close();
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.close();
    await redis?.close();
    pg?.close();
  });

  test('Redis killed for 10 s: no process crashes, REST answers throughout, live clients catch up after', { timeout: 90_000 }, async (t) => {
    const [a, b] = nodes as [ApiProcess, ApiProcess];
    const seen = new Set<string>();
    // On A: what is posted through B during the outage never reaches it live.
    const client = createLiveClient({
      apiBase: a.url,
      token: w.actors.owner.token,
      onEvent: (_name, c: CommentView) => void seen.add(c.id),
      transports: ['websocket'],
    });
    live.push(client);
    await client.subscribe(w.threadId);

    const load = writeLoad({ nodes: () => [a.url, b.url], token: w.actors.author.token, threadId: w.threadId, prefix: 'redis' });
    await sleep(1_000);
    await redis.kill();
    const downAt = Date.now();
    await sleep(10_000);
    const upAt = Date.now();
    await redis.start();
    await sleep(2_000);
    await load.stop();

    assert.ok(alive(a) && alive(b), `no process crashed:\n${a.output()}\n${b.output()}`);
    const during = load.answers.filter((x) => x.at >= downAt && x.at < upAt);
    assert.ok(during.length > 20, `requests during the outage: ${during.length}`);
    assert.deepEqual(countBy(during), { 201: during.length }, 'every request during the outage was answered, and written');
    // A stall would be the 5 s of node-redis's default command timeout, or the whole outage.
    const slowest = Math.max(...during.map((x) => x.ms));
    t.diagnostic(`during the outage: ${JSON.stringify(countBy(during))}, slowest ${slowest} ms; acknowledged ${load.acked.size}`);
    assert.ok(slowest < 3_000, `slowest request during the outage: ${slowest} ms`);
    assert.doesNotMatch(a.output() + b.output(), /Unhandled rejection/, 'the adapter’s failed publishes were handled');
    await assertExactlyOnce(db.knex, load, 'redis');
    await until('the live client on A has every acknowledged comment', () => [...load.acked.values()].every((id) => seen.has(id)), 30_000);
  });

  test('PostgreSQL stopped at once: 503s with Retry-After, no 500s, recovery without a restart', { timeout: 90_000 }, async (t) => {
    const [a, b] = nodes as [ApiProcess, ApiProcess];
    const load = writeLoad({ nodes: () => [a.url, b.url], token: w.actors.author.token, threadId: w.threadId, prefix: 'pg' });
    await sleep(1_000);
    pg.crash();
    const downAt = Date.now();
    await sleep(1_000);
    const health = await fetch(`${a.url}/healthz`);
    const ready = await fetch(`${a.url}/readyz`);
    await sleep(2_000);
    const upAt = Date.now();
    pg.start();
    await sleep(3_000);
    await load.stop();

    assert.equal(health.status, 200, 'liveness does not depend on the database');
    assert.deepEqual([ready.status, ready.headers.get('retry-after')], [503, '5']);
    const during = load.answers.filter((x) => x.at >= downAt && x.at < upAt);
    const counts = countBy(load.answers);
    t.diagnostic(`during the outage: ${JSON.stringify(countBy(during))}; overall ${JSON.stringify(counts)}; acknowledged ${load.acked.size}`);
    assert.ok((countBy(during)['503'] ?? 0) > 0, `503s during the outage: ${JSON.stringify(countBy(during))}`);
    assert.equal(counts['500'], undefined, `no 500s: ${JSON.stringify(counts)}`);
    assert.ok(
      load.answers.every((x) => x.status !== 503 || x.retryAfter === '5'),
      'every 503 says when to come back',
    );
    assert.ok(Object.keys(counts).every((s) => ['200', '201', '503'].includes(s)), `only 2xx and 503: ${JSON.stringify(counts)}`);
    assert.ok(load.answers.some((x) => x.at > upAt && x.status === 201), 'writes succeed again, on the same processes');
    assert.ok(alive(a) && alive(b));
    assert.equal((await fetch(`${a.url}/readyz`)).status, 200);
    await assertExactlyOnce(db.knex, load, 'pg');
  });

  test('SIGTERM: the process exits within its bound and no accepted request is lost', { timeout: 90_000 }, async (t) => {
    const [a, b] = nodes as [ApiProcess, ApiProcess];
    const socket = await connect({ url: a.url }, w.actors.owner.token);
    const told = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const load = writeLoad({ nodes: serving, token: w.actors.author.token, threadId: w.threadId, prefix: 'term' });
    await sleep(1_500);
    const exited = new Promise<number | null>((resolve) => a.child.once('exit', (code) => resolve(code)));
    const signalledAt = Date.now();
    a.child.kill('SIGTERM');
    const code = await exited;
    const took = Date.now() - signalledAt;
    await sleep(1_500);
    await load.stop();

    t.diagnostic(`exited ${took} ms after SIGTERM with ${code}; answers ${JSON.stringify(countBy(load.answers))}; acknowledged ${load.acked.size}`);
    assert.equal(code, 0, a.output());
    // A DISCONNECT packet, not a dropped connection: the element's live client reconnects after it.
    assert.equal(await told, 'io server disconnect');
    // SHUTDOWN_TIMEOUT_SECONDS defaults to 10.
    assert.ok(took <= 10_500, `exited ${took} ms after SIGTERM`);
    const counts = countBy(load.answers);
    assert.ok(Object.keys(counts).every((s) => ['200', '201', 'ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(s)), JSON.stringify(counts));
    assert.ok(alive(b));
    await assertExactlyOnce(db.knex, load, 'term');
  });

  test('kill -9 of a process: its clients carry on through another', { timeout: 90_000 }, async (t) => {
    nodes.push(await startApiProcess(env()));
    const [victim, survivor] = nodes.filter(alive) as [ApiProcess, ApiProcess];
    const load = writeLoad({ nodes: serving, token: w.actors.author.token, threadId: w.threadId, prefix: 'kill' });
    await sleep(1_500);
    const died = new Promise((resolve) => victim.child.once('exit', resolve));
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    await died;
    await sleep(1_500);
    await load.stop();

    const counts = countBy(load.answers);
    t.diagnostic(`answers ${JSON.stringify(counts)}; acknowledged ${load.acked.size}`);
    assert.equal(counts['500'], undefined, JSON.stringify(counts));
    assert.ok(alive(survivor));
    assert.ok(load.answers.some((x) => x.at > killedAt && x.status === 201), 'writes go on through the survivor');
    await assertExactlyOnce(db.knex, load, 'kill');
  });
});
