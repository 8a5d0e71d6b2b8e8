// One API process for bench/live-fanout.ts: the real app and live channel on port 0, driven over IPC.
// It reports the moment each comment event leaves the publisher (just after its commit) and,
// on request, its heap after a forced GC. Run with --expose-gc.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createApp } from '../api/src/app.ts';
import { loadConfig } from '../api/src/config.ts';
import { createContainer } from '../api/src/container.ts';
import { openDatabaseFromConfig } from '../api/src/db/open-from-config.ts';
import { createLiveServer } from '../api/src/live/live-server.ts';

export type ServerMessage =
  | { type: 'ready'; url: string }
  | { type: 'commit'; id: string; at: number; emitMs: number }
  | { type: 'heap'; heapUsed: number; sockets: number };

export type ServerCommand = { type: 'start'; env: Record<string, string> } | { type: 'heap' } | { type: 'stop' };

const send = (m: ServerMessage) => process.send!(m);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with --expose-gc.');

async function start(env: Record<string, string>) {
  const config = loadConfig(env);
  const db = await openDatabaseFromConfig(config);
  const c = createContainer(config, db);
  const server = createServer(createApp(c));
  const live = await createLiveServer(server, c, { redisUrl: config.redisUrl });
  const publish = c.live.comment.bind(c.live);
  c.live.comment = (event, comment, tenantId) => {
    const at = performance.now();
    publish(event, comment, tenantId);
    // How long the emit held this process's event loop: encoding once, writing to every socket.
    send({ type: 'commit', id: comment.id, at: performance.timeOrigin + at, emitMs: performance.now() - at });
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });

  process.on('message', async (m: ServerCommand) => {
    if (m.type === 'heap') {
      for (let i = 0; i < 3; i++) {
        gc!();
        await new Promise((resolve) => setImmediate(resolve));
      }
      send({ type: 'heap', heapUsed: process.memoryUsage().heapUsed, sockets: live.io.of('/').sockets.size });
    } else if (m.type === 'stop') {
      await live.close();
      server.closeAllConnections();
      await db.close();
      process.exit(0);
    }
  });
}

process.once('message', (m: ServerCommand) => {
  if (m.type === 'start') void start(m.env);
});
