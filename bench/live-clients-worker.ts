// A share of the benchmark's sockets, in its own process so the clients' decoding does not
// compete with the server for one event loop. Records when each comment reaches each socket.
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { CommentView } from '../api/src/contract/comments.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../api/src/contract/live-events.ts';

export type WorkerCommand =
  | { type: 'connect'; url: string; tokens: string[]; count: number }
  | { type: 'subscribe'; threadId: string }
  | { type: 'report' }
  | { type: 'close' };

export type WorkerMessage =
  | { type: 'connected'; count: number }
  | { type: 'subscribed'; count: number }
  | { type: 'report'; received: Record<string, number[]> };

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const send = (m: WorkerMessage) => process.send!(m);
const sockets: ClientSocket[] = [];
let received: Record<string, number[]> = {};

function open(url: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
  socket.on('comment:created', (comment: CommentView) => {
    (received[comment.id] ??= []).push(performance.timeOrigin + performance.now());
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

process.on('message', async (m: WorkerCommand) => {
  switch (m.type) {
    case 'connect': {
      // In batches: a thousand handshakes at once would measure the accept queue, not the channel.
      for (let i = 0; i < m.count; i += 50) {
        const batch = Array.from({ length: Math.min(50, m.count - i) }, (_, j) => open(m.url, m.tokens[(i + j) % m.tokens.length]!));
        sockets.push(...(await Promise.all(batch)));
      }
      send({ type: 'connected', count: sockets.length });
      break;
    }
    case 'subscribe': {
      let ok = 0;
      for (let i = 0; i < sockets.length; i += 50) {
        const acks = await Promise.all(sockets.slice(i, i + 50).map((s) => s.timeout(30_000).emitWithAck('thread:subscribe', { thread_id: m.threadId })));
        ok += acks.filter((a) => 'ok' in a).length;
      }
      send({ type: 'subscribed', count: ok });
      break;
    }
    case 'report':
      send({ type: 'report', received });
      received = {};
      break;
    case 'close':
      for (const s of sockets) s.disconnect();
      process.exit(0);
  }
});
