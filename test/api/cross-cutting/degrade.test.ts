import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import supertest from 'supertest';
import { createApp } from '../../../api/src/app.ts';
import { createContainer } from '../../../api/src/container.ts';
import { openDatabase, type Database } from '../../../api/src/db/database.ts';
import { HttpLifecycle } from '../../../api/src/http/lifecycle.ts';
import { createLiveServer } from '../../../api/src/live/live-server.ts';
import { testConfig, type TestContext } from '../../helpers/context.ts';
import { SERVER_URL } from '../../helpers/database.ts';
import { useWorld, type World } from '../../helpers/world.ts';
import { freePort } from '../../live/api-process.ts';
import { connect } from '../../live/live-helpers.ts';

// Issue 15, "degrade, never crash": a database that cannot be reached is a 503 a client or a load
// balancer can act on, never a 500; liveness and readiness differ; a shutdown drains within a bound.
let ctx: TestContext;
let w: World;
useWorld((c, world) => ([ctx, w] = [c, world]));

/** The same engine as this pass, unreachable: a server on a port nothing listens on, or a closed PGlite. */
async function unreachableDatabase(): Promise<Database> {
  if (SERVER_URL) {
    const url = new URL(SERVER_URL);
    url.port = String(await freePort());
    return openDatabase({ url: url.toString(), dataDir: 'memory://' });
  }
  const db = await openDatabase({ dataDir: 'memory://' });
  await db.pglite!.close();
  return db;
}

describe('the database unreachable', () => {
  test('every request is a 503 problem with Retry-After, never a 500; /healthz stays 200, /readyz is 503', async () => {
    const db = await unreachableDatabase();
    const unexpected: unknown[] = [];
    const c = createContainer(testConfig(), db, (e) => unexpected.push(e));
    const app = createApp(c, { onUnexpected: (e) => unexpected.push(e) });
    const http = () => supertest(app);
    const server = createServer(app);
    const live = await createLiveServer(server, c, { onError: (e) => unexpected.push(e) });
    try {
      const probes = [
        http().get('/api/v1/exercises').set(w.as(w.actors.author)),
        http().get(`/api/v1/threads/${w.threadId}/comments?since_seq=0`).set(w.as(w.actors.owner)),
        http().post('/api/v1/comments').set(w.as(w.actors.owner)).set('Idempotency-Key', 'degrade-1').send({ thread_id: w.threadId, t_start: 1, body: 'while down' }),
        http().post('/api/v1/tokens').auth(w.tenantA.apiKey, { type: 'bearer' }).send({ user: { external_id: 'x', name: 'X', role: 'learner' } }),
      ];
      for (const [i, res] of (await Promise.all(probes)).entries()) {
        assert.equal(res.status, 503, `probe ${i}: ${res.text}`);
        assert.equal(res.headers['retry-after'], '5');
        assert.match(res.headers['content-type'] ?? '', /application\/problem\+json/);
        assert.equal(res.body.type, 'https://exercise-threads.dev/problems/unavailable');
        assert.doesNotMatch(res.text, /select|insert|127\.0\.0\.1/i, 'no SQL or address in the answer');
      }
      const live = await http().get('/healthz');
      assert.deepEqual([live.status, live.body.status], [200, 'ok']);
      const ready = await http().get('/readyz');
      assert.equal(ready.status, 503);
      assert.equal(ready.headers['retry-after'], '5');
      assert.match(ready.body.detail, /database/);

      // The live channel refuses the handshake with the same problem: try again, not "bad token".
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const refused = await connect({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, w.actors.owner.token).then(
        () => assert.fail('connected'),
        (error: Error & { data?: { status: number } }) => error,
      );
      assert.equal(refused.data?.status, 503);
      assert.deepEqual(unexpected, []);
    } finally {
      await live.close();
      server.closeAllConnections();
      await db.close();
    }
  });

  test('with the database up, /readyz is 200 and names its checks', async () => {
    const res = await ctx.http().get('/readyz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ready', checks: { database: 'ok' } });
  });
});

describe('draining', () => {
  async function listen(server: Server): Promise<number> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }
  function get(port: string | number, path: string): Promise<{ status: number; connection: string | undefined; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'keep-alive' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  test('a request in flight finishes, answered with Connection: close; new connections are refused; /readyz says so', async () => {
    const lifecycle = new HttpLifecycle();
    const server = createServer((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('finished'), 300);
      else res.end('fast');
    });
    lifecycle.attach(server, 65_000);
    assert.equal(server.keepAliveTimeout, 65_000);
    assert.ok(server.headersTimeout > server.keepAliveTimeout);
    const port = await listen(server);
    assert.equal((await get(port, '/')).connection, 'keep-alive');

    const inFlight = get(port, '/slow');
    await new Promise((r) => setTimeout(r, 50));
    const drained = lifecycle.drain(Date.now() + 5_000);
    const res = await inFlight;
    assert.deepEqual([res.status, res.body, res.connection], [200, 'finished', 'close']);
    assert.equal(await drained, true);
    await assert.rejects(get(port, '/'), /ECONNREFUSED/);

    const app = createApp(ctx.c, { lifecycle });
    const ready = await supertest(app).get('/readyz');
    assert.equal(ready.status, 503);
    assert.match(ready.body.detail, /shutting down/);
  });

  test('a request that never ends is cut at the deadline', async () => {
    const lifecycle = new HttpLifecycle();
    const server = createServer(() => {});
    lifecycle.attach(server, 65_000);
    const port = await listen(server);
    const hanging = get(port, '/never').catch((error: Error) => error);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    assert.equal(await lifecycle.drain(Date.now() + 300), false);
    assert.ok(Date.now() - started < 2_000);
    assert.match(String(await hanging), /socket hang up|ECONNRESET/);
  });
});

test('an unhandled rejection is logged and the process keeps serving', () => {
  // Its own process: the test runner installs its own handler in this one.
  const script = `
    import { keepServingOnUnhandledRejection } from './api/src/core/process-policy.ts';
    keepServingOnUnhandledRejection((reason) => console.error('reported:', reason.message));
    Promise.reject(new Error('dropped by a library'));
    setTimeout(() => console.log('still serving'), 100);
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /reported: dropped by a library/);
  assert.match(run.stdout, /still serving/);
});

test('no request above met an unexpected error', () => assert.deepEqual(ctx.unexpected, []));
