import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { RedisClientType } from 'redis';
import { connectRedis, observed } from '../db/redis.ts';
import { Server, type Socket } from 'socket.io';
import { isApiKey } from '../auth/api-keys.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { InvalidTokenError } from '../auth/tokens.ts';
import type { Config } from '../config.ts';
import { SubscribeBody, type Ack, type ClientToServerEvents, type LiveError, type ServerToClientEvents } from '../contract/live-events.ts';
import { DomainError, TooManyRequestsError, UnauthorizedError } from '../errors/domain-errors.ts';
import { toProblem } from '../errors/problem-document.ts';
import { parse } from '../core/parse.ts';
import { threadRoom, userRoom, type LivePublisher } from './publisher.ts';
import { TokenBucket } from './token-bucket.ts';
import { logError } from '../core/loggable.ts';

export interface SocketData {
  principal: UserPrincipal;
  /** When the token expires, epoch seconds; the socket is closed then. */
  exp: number;
  /** The token, to look the user up again (their role, their existence) at each subscription. */
  token: string;
}

export type LiveIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** What the live channel needs from the container: the same services REST uses. */
export interface LiveDeps {
  config: Pick<Config, 'socket'>;
  /** The same check REST makes: the token, then the user's current role and existence. */
  auth: Pick<AuthService, 'user'>;
  live: LivePublisher;
  /** The access policy, asked as REST asks it: a thread the caller may not see throws NotFoundError. */
  threads: {
    latestSeq(principal: UserPrincipal, threadId: string): Promise<number>;
  };
  tenants: { allOrigins(): Promise<string[]> };
}

export interface LiveServerOptions {
  /** With a Redis URL, rooms span every API process sharing it; without, they live in this process. */
  redisUrl?: string | undefined;
  /** Unexpected errors (a failed query in a handler, a Redis error) go here. */
  onError?: (error: unknown) => void;
  /** Most threads one socket may follow at once; a widget follows one, an instructor a few. */
  maxSubscriptions?: number;
}

export interface LiveServer {
  readonly io: LiveIo;
  /**
   * Tells every client of this process to reconnect (to another process: a load balancer sends it
   * elsewhere), then closes the HTTP server it is attached to and the Redis connections.
   */
  close(): Promise<void>;
}

const INTERNAL = new DomainError(500, 'internal', 'Internal server error', 'Something went wrong on our side.');
// setTimeout keeps at most a signed 32-bit delay.
const MAX_TIMER_MS = 2 ** 31 - 1;
const ORIGINS_TTL_MS = 10_000;

function liveError(error: unknown, onError: (error: unknown) => void): LiveError {
  if (error instanceof DomainError) return toProblem(error);
  onError(error);
  return toProblem(INTERNAL);
}

/** A connect_error the client can read: `err.message` and the problem in `err.data`. */
function refusal(detail: string): Error & { data: LiveError } {
  return Object.assign(new Error(detail), { data: toProblem(new UnauthorizedError(detail)) });
}

/** Tenants' allowed origins, re-read at most every ten seconds; only the polling transport asks. */
function originCheck(tenants: LiveDeps['tenants'], onError: (error: unknown) => void) {
  let cached: { at: number; list: Promise<string[]> } | undefined;
  return (origin: string | undefined, callback: (error: Error | null, allow?: boolean) => void) => {
    // Same-origin requests and non-browser clients send no Origin; the token guards access anyway.
    if (!origin) return callback(null, true);
    if (!cached || Date.now() - cached.at > ORIGINS_TTL_MS) cached = { at: Date.now(), list: tenants.allOrigins() };
    cached.list.then(
      (list) => callback(null, list.includes(origin)),
      (error: unknown) => {
        cached = undefined;
        onError(error);
        callback(null, false);
      },
    );
  };
}

/**
 * The Socket.io server on the API's HTTP server. Delivery is at most once: what a client misses
 * while away it reads back through `GET /threads/:id/comments?since_seq=N`, on whichever node.
 */
export async function createLiveServer(httpServer: HttpServer, deps: LiveDeps, options: LiveServerOptions = {}): Promise<LiveServer> {
  const onError = options.onError ?? logError('Live channel error');
  const maxSubscriptions = options.maxSubscriptions ?? 50;
  const perSecond = Math.max(1, deps.config.socket.eventsPerSecond);

  const io: LiveIo = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: deps.config.socket.maxBufferBytes,
    // A client that opened a transport but never sent its CONNECT packet is dropped sooner.
    connectTimeout: 10_000,
    cors: { origin: originCheck(deps.tenants, onError), methods: ['GET', 'POST'] },
  });

  // Each socket would otherwise keep its handshake request (headers, buffers) for its whole life.
  io.engine.on('connection', (rawSocket: { request: unknown }) => {
    rawSocket.request = null;
  });

  const redis: { quit(): Promise<unknown> }[] = [];
  if (options.redisUrl) {
    let pub: RedisClientType;
    let sub: RedisClientType;
    try {
      pub = await connectRedis(options.redisUrl, onError);
      redis.push(pub);
      sub = pub.duplicate();
      sub.on('error', onError);
      redis.push(sub);
      await sub.connect();
    } catch (error) {
      await Promise.allSettled(redis.map((c) => c.quit()));
      await io.close();
      throw error;
    }
    // The adapter drops the promises of its Redis commands: each rejection is reported here instead
    // of crashing the process. Broadcasts still reach this node's sockets while Redis is away.
    io.adapter(createAdapter(observed(pub, onError), observed(sub, onError), { key: 'et:live' }));
    // What other nodes published while Redis was away never reached this node's clients: once the
    // subscription is back, their connections are closed, so each reconnects (Socket.io retries a
    // closed transport by itself, with jitter) and reads back what it missed through since_seq.
    let away = false;
    sub.on('reconnecting', () => (away = true));
    sub.on('ready', () => {
      if (!away) return;
      away = false;
      io.local.disconnectSockets(true);
    });
  }

  io.use(async (socket, next) => {
    const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      return next(refusal('Send a user access token as auth.token.'));
    }
    if (isApiKey(token)) return next(refusal('The live channel is for user tokens, not API keys.'));
    try {
      const { principal, exp } = await deps.auth.user(token);
      socket.data.principal = principal;
      socket.data.exp = exp;
      socket.data.token = token;
      next();
    } catch (error) {
      if (error instanceof InvalidTokenError) return next(refusal(error.message));
      // The database away (503): the client should try again later, not take its token for bad.
      if (error instanceof DomainError) return next(Object.assign(new Error(error.message), { data: toProblem(error) }));
      onError(error);
      next(refusal('The token could not be checked.'));
    }
  });

  io.on('connection', (socket: LiveSocket) => {
    const { exp } = socket.data;
    /** The caller now: a role changed or a user removed since the handshake bites at the next request. */
    const current = async (): Promise<UserPrincipal> => {
      try {
        return (socket.data.principal = (await deps.auth.user(socket.data.token)).principal);
      } catch (error) {
        if (error instanceof InvalidTokenError) setImmediate(() => socket.disconnect(true));
        throw error instanceof InvalidTokenError ? new UnauthorizedError('This token is no longer valid.') : error;
      }
    };
    const principal = socket.data.principal;
    void socket.join(userRoom(principal.userId));

    // The token's life is the socket's life: the client reconnects with a fresh token and catches up.
    let expiry: NodeJS.Timeout;
    const arm = () => {
      const ms = exp * 1000 - Date.now();
      if (ms <= 0) return void socket.disconnect(true);
      expiry = setTimeout(ms > MAX_TIMER_MS ? arm : () => socket.disconnect(true), Math.min(ms, MAX_TIMER_MS));
    };
    arm();
    socket.on('disconnect', () => clearTimeout(expiry));

    // Every incoming message spends from the socket's bucket; one that keeps pushing is closed.
    const bucket = new TokenBucket(perSecond, perSecond * 2);
    let refusedInARow = 0;
    socket.use((packet, next) => {
      if (bucket.take()) {
        refusedInARow = 0;
        return next();
      }
      const ack = packet[packet.length - 1];
      if (typeof ack === 'function') ack({ error: toProblem(new TooManyRequestsError(bucket.retryAfterSeconds())) });
      if (++refusedInARow > perSecond * 2) socket.disconnect(true);
    });

    socket.on('thread:subscribe', async (payload: unknown, ack?: unknown) => {
      const reply = replier(payload, ack);
      try {
        const { thread_id } = parse(SubscribeBody, typeof payload === 'function' ? undefined : payload);
        const room = threadRoom(thread_id);
        // Rooms beyond the per-user room and the socket's own.
        if (!socket.rooms.has(room) && socket.rooms.size - 2 >= maxSubscriptions) {
          throw new DomainError(409, 'too-many-subscriptions', 'Too many subscriptions', `Unsubscribe first: at most ${maxSubscriptions} threads per connection.`);
        }
        // Ask before joining: a socket is never in a room it may not read, not even briefly.
        const caller = await current();
        await deps.threads.latestSeq(caller, thread_id);
        if (!socket.connected) return;
        const joined = !socket.rooms.has(room);
        await socket.join(room);
        try {
          // Read after joining: a change committed before this read is in the catch-up from `seq`,
          // one committed after it is emitted to the room this socket has already joined.
          reply({ ok: true, seq: await deps.threads.latestSeq(caller, thread_id) });
        } catch (error) {
          if (joined) await socket.leave(room);
          throw error;
        }
      } catch (error) {
        reply({ error: liveError(error, onError) });
      }
    });

    socket.on('thread:unsubscribe', async (payload: unknown, ack?: unknown) => {
      const reply = replier(payload, ack);
      try {
        const { thread_id } = parse(SubscribeBody, typeof payload === 'function' ? undefined : payload);
        await socket.leave(threadRoom(thread_id));
        reply({ ok: true });
      } catch (error) {
        reply({ error: liveError(error, onError) });
      }
    });
  });

  deps.live.attach(io, Boolean(options.redisUrl));

  return {
    io,
    async close() {
      deps.live.detach(io);
      // A DISCONNECT packet ('io server disconnect'): the element's live client reconnects after it.
      io.local.disconnectSockets();
      await io.close();
      await Promise.allSettled(redis.map((client) => client.quit()));
    },
  };
}

/** The acknowledgement callback, wherever the client put it; a message sent without one gets no reply. */
function replier(payload: unknown, ack: unknown): (reply: Ack | Ack<object>) => void {
  if (typeof ack === 'function') return ack as (reply: Ack | Ack<object>) => void;
  if (typeof payload === 'function') return payload as (reply: Ack | Ack<object>) => void;
  return () => {};
}
