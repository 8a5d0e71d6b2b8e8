import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { io } from 'socket.io-client';
import type { CommentView } from '../../api/src/contract/comments.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { NEEDS_SERVER_AND_REDIS, REDIS_URL } from '../helpers/database.ts';
import { makeWorld, type World } from '../helpers/world.ts';
import { freePort, startApiProcess, type ApiProcess } from './api-process.ts';
import { next, subscribe, type ClientSocket } from './live-helpers.ts';

// Three API processes behind Debian's HAProxy, configured as docs/DEPLOYMENT.md says: a cookie
// pins each client to a process (Socket.io's long-polling needs it), redispatch moves a dead
// process's clients. A WebSocket client and a polling-only client, on different processes,
// receive each other's comments; the polling client's process is killed and both carry on.

const HAS_HAPROXY = spawnSync('haproxy', ['-v']).status === 0;
const SKIP = NEEDS_SERVER_AND_REDIS || (HAS_HAPROXY ? false : 'needs HAProxy (Debian package `haproxy`)');

describe('three API processes behind HAProxy', { skip: SKIP }, () => {
  let ctx: TestContext;
  let w: World;
  const nodes: ApiProcess[] = [];
  let haproxy: ChildProcess;
  let lb = '';
  const temp = mkdtempSync(path.join(tmpdir(), 'et-haproxy-'));
  const sockets: ClientSocket[] = [];

  before(async () => {
    ctx = await createTestContext();
    w = await makeWorld(ctx);
    // One after the other: each runs the migrations on start.
    for (let i = 0; i < 3; i++) nodes.push(await startApiProcess({ DATABASE_URL: ctx.db.url!, REDIS_URL: REDIS_URL! }));
    const port = await freePort();
    lb = `http://127.0.0.1:${port}`;
    const servers = nodes.map((n, i) => `  server api${i + 1} ${new URL(n.url).host} cookie api${i + 1}`).join('\n');
    const cfg = path.join(temp, 'haproxy.cfg');
    writeFileSync(
      cfg,
      `global\n  maxconn 1024\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n  timeout tunnel 1h\n  option redispatch\n` +
        `frontend threads\n  bind 127.0.0.1:${port}\n  default_backend api\n` +
        `backend api\n  balance roundrobin\n  cookie ET_NODE insert indirect nocache httponly\n  option httpchk GET /readyz\n  http-check expect status 200\n` +
        `  default-server inter 300ms fall 1 rise 1 check\n${servers}\n`,
    );
    haproxy = spawn('haproxy', ['-db', '-f', cfg], { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      const up = await fetch(`${lb}/healthz`).then((r) => r.ok, () => false);
      if (up) break;
      if (i > 100) throw new Error('HAProxy did not answer');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async () => {
    for (const s of sockets) s.disconnect();
    haproxy?.kill();
    await Promise.all(nodes.map((n) => n.stop()));
    await ctx?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  /** A client that follows the thread again after each reconnection, as the element's live client does. */
  function client(token: string, options: { transports: ('websocket' | 'polling')[]; cookie?: string }): Promise<ClientSocket> {
    const socket: ClientSocket = io(lb, {
      path: '/socket.io',
      transports: options.transports,
      auth: { token },
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      // The polling client keeps HAProxy's cookie as a browser would; the WebSocket one is placed.
      withCredentials: !options.cookie,
      ...(options.cookie ? { extraHeaders: { cookie: options.cookie } } : {}),
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.on('connect', () => void subscribe(socket, w.threadId).then(() => resolve(socket), reject));
    });
  }

  /** The process a polling client is pinned to, from the cookie HAProxy gave it. */
  const pinnedTo = (socket: ClientSocket) =>
    [...(socket.io.engine as unknown as { _cookieJar: { cookies: Iterable<[string, { value: string }]> } })._cookieJar.cookies].find(([name]) => name === 'ET_NODE')?.[1].value;

  async function post(token: string, body: string, cookie: string): Promise<CommentView> {
    const res = await fetch(`${lb}/api/v1/comments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', cookie },
      body: JSON.stringify({ thread_id: w.threadId, t_start: 1, body }),
    });
    const json = await res.json();
    assert.equal(res.status, 201, JSON.stringify(json));
    return json as CommentView;
  }

  test('a WebSocket client and a polling-only client on different processes receive each other’s comments, and carry on when one process is killed', async () => {
    const polling = await client(w.actors.owner.token, { transports: ['polling'] });
    const pollNode = pinnedTo(polling);
    assert.match(pollNode ?? '', /^api[123]$/, 'HAProxy pinned the polling client with its cookie');
    const wsNode = pollNode === 'api1' ? 'api2' : 'api1';
    const ws = await client(w.actors.author.token, { transports: ['websocket'], cookie: `ET_NODE=${wsNode}` });
    assert.equal(polling.io.engine.transport.name, 'polling');
    assert.equal(ws.io.engine.transport.name, 'websocket');

    const atPolling = next(polling, 'comment:created', (c) => c.body === 'from the WebSocket side');
    const sent = await post(w.actors.author.token, 'from the WebSocket side', `ET_NODE=${wsNode}`);
    assert.equal((await atPolling).id, sent.id);
    const atWs = next(ws, 'comment:created', (c) => c.body === 'from the polling side');
    const back = await post(w.actors.owner.token, 'from the polling side', `ET_NODE=${pollNode}`);
    assert.equal((await atWs).id, back.id);

    // The polling client's process dies without a goodbye.
    const victim = nodes[Number(pollNode!.slice(3)) - 1]!;
    const reconnected = new Promise<void>((resolve) => polling.once('connect', () => resolve()));
    const died = new Promise((resolve) => victim.child.once('exit', resolve));
    victim.child.kill('SIGKILL');
    await died;
    await reconnected;
    await subscribe(polling, w.threadId);
    const moved = pinnedTo(polling);
    assert.ok(moved && moved !== pollNode, `re-pinned to a live process (${moved})`);

    const afterAtPolling = next(polling, 'comment:created', (c) => c.body === 'after the failover, from WebSocket');
    await post(w.actors.author.token, 'after the failover, from WebSocket', `ET_NODE=${wsNode}`);
    await afterAtPolling;
    const afterAtWs = next(ws, 'comment:created', (c) => c.body === 'after the failover, from polling');
    await post(w.actors.owner.token, 'after the failover, from polling', `ET_NODE=${moved}`);
    await afterAtWs;
    assert.ok(ws.connected, 'the WebSocket client, on a live process, never dropped');
  });
});
