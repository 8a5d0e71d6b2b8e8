import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { CommentView } from '../../api/src/contract/comments.ts';
import type { Ack, ClientToServerEvents, LiveError, ServerToClientEvents } from '../../api/src/contract/live-events.ts';
import { createLiveServer, type LiveServer, type LiveServerOptions } from '../../api/src/live/live-server.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { makeWorld, type World } from '../helpers/world.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveHarness {
  url: string;
  live: LiveServer;
  /** Errors the live server met that it did not expect. */
  unexpected: unknown[];
  sockets: ClientSocket[];
  close(): Promise<void>;
}

/** The test's app on a real HTTP server on port 0, with the Socket.io server attached as in production. */
export async function startLive(ctx: TestContext, options: LiveServerOptions = {}): Promise<LiveHarness> {
  const server = createServer(ctx.app);
  const unexpected: unknown[] = [];
  const live = await createLiveServer(server, ctx.c, { onError: (e) => unexpected.push(e), ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets: ClientSocket[] = [];
  return {
    url,
    live,
    unexpected,
    sockets,
    async close() {
      for (const s of sockets) s.disconnect();
      await live.close();
      server.closeAllConnections();
    },
  };
}

/** A test context, its world and the live channel on a real server: the set-up most live tests share. */
export async function startLiveWorld(): Promise<{ ctx: TestContext; w: World; h: LiveHarness; close(): Promise<void> }> {
  const ctx = await createTestContext();
  const w = await makeWorld(ctx);
  const h = await startLive(ctx);
  return { ctx, w, h, close: async () => { await h.close(); await ctx.close(); } };
}

/** A real socket.io-client connection; resolves once connected, rejects with the connect_error. */
export function connect(h: { url: string; sockets?: ClientSocket[] }, token: unknown, opts: { reconnection?: boolean } = {}): Promise<ClientSocket> {
  const socket: ClientSocket = connectClient(h.url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    reconnection: opts.reconnection ?? false,
    forceNew: true,
  });
  h.sockets?.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}

export function subscribe(socket: ClientSocket, threadId: unknown): Promise<Ack> {
  return socket.timeout(10_000).emitWithAck('thread:subscribe', { thread_id: threadId as string });
}

export function errorOf(ack: Ack | Ack<object>): LiveError {
  if (!('error' in ack)) throw new Error(`expected an error, got ${JSON.stringify(ack)}`);
  return ack.error;
}

/** Every comment event a socket receives, in order. */
export function record(socket: ClientSocket): { name: string; comment: CommentView }[] {
  const seen: { name: string; comment: CommentView }[] = [];
  for (const name of ['comment:created', 'comment:updated', 'comment:deleted', 'comment:hidden', 'comment:unhidden'] as const) {
    socket.on(name, (comment) => seen.push({ name, comment }));
  }
  return seen;
}

/** Resolves with the first event `name` whose payload satisfies `match`. */
export function next<T = CommentView>(socket: ClientSocket, name: keyof ServerToClientEvents, match: (payload: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const on = (payload: T) => {
      if (!match(payload)) return;
      socket.off(name, on as never);
      resolve(payload);
    };
    socket.on(name, on as never);
  });
}

/**
 * A round trip on the socket's own connection. Socket.io keeps one connection's packets in order,
 * so whatever the server sent this socket before answering has arrived once this resolves.
 */
export async function fence(socket: ClientSocket): Promise<void> {
  await socket.timeout(10_000).emitWithAck('thread:unsubscribe', { thread_id: '00000000-0000-4000-8000-000000000000' });
}
