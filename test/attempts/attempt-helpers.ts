import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { io as connectClient, type Socket } from 'socket.io-client';
import { createApp } from '../../api/src/app.ts';
import { createContainer, stopJobs } from '../../api/src/container.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../api/src/contract/live-events.ts';
import { createLiveServer, type LiveServer } from '../../api/src/live/live-server.ts';
import { testConfig } from '../helpers/context.ts';
import { freshDatabase } from '../helpers/database.ts';
import { listen, mintToken, tempDir, type MediaContext } from '../media/helpers.ts';

export interface Actor {
  token: string;
  id: string;
}

export const as = (a: Actor | string) => ({ Authorization: `Bearer ${typeof a === 'string' ? a : a.token}`, 'Content-Type': 'application/json' });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads whatever JSON the API answered
type Json = any;

export async function call(ctx: { url: string }, method: string, path: string, who?: Actor, body?: unknown): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${ctx.url}/api/v1${path}`, { method, headers: who ? as(who) : {}, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/**
 * Two tenants and every relation to a thread, through the API: the owner learner, another learner,
 * the exercise's author, another instructor, a moderator, a learner and an instructor of another
 * tenant; the owner's thread on an exercise (a 60 s model at an outside URL) with `limits`.
 */
export async function attemptsWorld(ctx: MediaContext, limits: { max_attempts?: number; max_attempt_seconds?: number } = {}) {
  const a = await ctx.c.tenants.create({ name: 'A', allowedOrigins: [] });
  const b = await ctx.c.tenants.create({ name: 'B', allowedOrigins: [] });
  const actors = {
    owner: await mintToken(ctx, a.apiKey, 'owner', 'learner'),
    otherLearner: await mintToken(ctx, a.apiKey, 'other-learner', 'learner'),
    author: await mintToken(ctx, a.apiKey, 'author', 'instructor'),
    otherInstructor: await mintToken(ctx, a.apiKey, 'other-instructor', 'instructor'),
    moderator: await mintToken(ctx, a.apiKey, 'moderator', 'moderator'),
    foreign: await mintToken(ctx, b.apiKey, 'owner', 'learner'),
    foreignInstructor: await mintToken(ctx, b.apiKey, 'author', 'instructor'),
  };
  const ex = await call(ctx, 'POST', '/exercises', actors.author, { title: 'Box step', source: { type: 'url', url: 'https://media.example/box.mp4' }, duration: 60, ...limits });
  assert.equal(ex.status, 201, JSON.stringify(ex.body));
  const thread = await call(ctx, 'POST', '/threads', actors.owner, { exercise_video_id: ex.body.id });
  assert.equal(thread.status, 201, JSON.stringify(thread.body));
  // The other learner's own thread on the same exercise, so "another learner" has a thread too.
  const otherThread = await call(ctx, 'POST', '/threads', actors.otherLearner, { exercise_video_id: ex.body.id });
  assert.equal(otherThread.status, 201);
  return { tenantA: a, tenantB: b, actors, exerciseId: ex.body.id as string, threadId: thread.body.id as string, otherThreadId: otherThread.body.id as string };
}

/** PUTs each part of an upload to its signed URL (as the browser does), then completes it. */
export async function sendParts(ctx: { url: string }, who: Actor, upload: { id: string; part_size: number; parts: { part_number: number; url: string }[] }, bytes: Buffer) {
  const parts = [];
  for (const p of upload.parts) {
    const chunk = bytes.subarray((p.part_number - 1) * upload.part_size, p.part_number * upload.part_size);
    const put = await fetch(p.url, { method: 'PUT', body: new Uint8Array(chunk) });
    assert.equal(put.status, 200, `part ${p.part_number}`);
    parts.push({ part_number: p.part_number, etag: put.headers.get('etag')! });
  }
  return call(ctx, 'POST', `/media/uploads/${upload.id}/complete`, who, { parts });
}

/** Adds an attempt to the thread and uploads `bytes` as it; answers the completion. */
export async function addAttempt(ctx: { url: string }, who: Actor, threadId: string, bytes: Buffer, fileName = 'attempt.mp4', contentType = 'video/mp4') {
  const created = await call(ctx, 'POST', `/threads/${threadId}/attempts`, who, { file_name: fileName, size: bytes.length, content_type: contentType });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const done = await sendParts(ctx, who, created.body.upload, bytes);
  return { attempt: created.body.attempt as { id: string; number: number; media_asset_id: string }, complete: done };
}

/**
 * A WebM as MediaRecorder writes it: VP8 and Opus, written to a pipe, so the header holds no
 * duration and there are no cues (the muxer cannot seek back).
 */
export function makeRecorderWebm(seconds: number, size = '320x180'): Buffer {
  const r = spawnSync('ffmpeg', [
    '-v', 'error',
    '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=30:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '500k', '-c:a', 'libopus', '-shortest',
    '-f', 'webm', 'pipe:1',
  ], { maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr.toString()}`);
  return r.stdout;
}

export interface AttemptsApp extends MediaContext {
  live: LiveServer;
}

/**
 * The whole app on a real port with the live channel attached, as server.ts runs it, media in a
 * temp folder (or S3 when `env` says so). The transcode worker starts only when a test starts it.
 */
export async function startAttemptsApp(env: Record<string, string> = {}): Promise<AttemptsApp> {
  const temp = tempDir('attempts-app');
  const server = createServer();
  // Longer than fetch's own idle timeout (4 s), so the client always closes an idle connection
  // first: a request on a connection the server is closing at that moment fails with ECONNRESET.
  server.keepAliveTimeout = 30_000;
  const url = await listen(server);
  const db = await freshDatabase();
  const c = createContainer(testConfig({ PUBLIC_URL: url, DATA_DIR: temp.dir, MEDIA_MAX_BYTES: String(50 * 1024 * 1024), MEDIA_PART_BYTES: String(5 * 1024 * 1024), ...env }), db, () => {}, {
    queue: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, onError: () => {} },
    jobs: { retryDelaySeconds: 0 },
    preset: 'ultrafast',
  });
  const unexpected: unknown[] = [];
  server.on('request', createApp(c, { onUnexpected: (e) => unexpected.push(e) }));
  const live = await createLiveServer(server, c, { onError: (e) => unexpected.push(e) });
  return {
    c,
    db,
    url,
    events: [],
    unexpected,
    live,
    close: async () => {
      await stopJobs(c);
      await live.close();
      server.closeAllConnections();
      await db.close();
      temp.remove();
    },
  };
}

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real socket.io-client connection as `who`. */
export function connectAs(app: { url: string }, who: Actor): Promise<LiveSocket> {
  const socket: LiveSocket = connectClient(app.url, { path: '/socket.io', transports: ['websocket'], auth: { token: who.token }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}

/** Every attempt event a socket receives, in order. */
export function recordAttempts(socket: LiveSocket): { name: string; payload: { id: string; status?: string; sync_offset?: number } }[] {
  const seen: { name: string; payload: { id: string; status?: string; sync_offset?: number } }[] = [];
  for (const name of ['attempt:created', 'attempt:updated', 'attempt:deleted'] as const) socket.on(name, (payload: { id: string }) => seen.push({ name, payload }));
  return seen;
}
