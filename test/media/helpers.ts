import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import S3rver from 's3rver';
import { LocalStorage, LOCAL_STORAGE_PATH } from '../../api/src/storage/local-storage.ts';
import { localStorageRouter } from '../../api/src/storage/local-storage.routes.ts';
import { S3Storage } from '../../api/src/storage/s3-storage.ts';
import { createApp } from '../../api/src/app.ts';
import { createContainer, type Container } from '../../api/src/container.ts';
import type { MediaOptions } from '../../api/src/media/create-media.ts';
import type { MediaStatusEvent } from '../../api/src/contract/live-events.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { testConfig } from '../helpers/context.ts';

export const HAS_FFMPEG = spawnSync('ffmpeg', ['-version']).status === 0 && spawnSync('ffprobe', ['-version']).status === 0;
export const NEEDS_FFMPEG = HAS_FFMPEG ? false : 'needs ffmpeg and ffprobe on PATH';

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `et-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface S3Fixture {
  endpoint: string;
  bucket: string;
  env: Record<string, string>;
  storage: S3Storage;
  close(): Promise<void>;
}

/** A real S3-compatible server on loopback, in this process, on a free port. */
export async function startS3rver(bucket = 'media-test'): Promise<S3Fixture> {
  const temp = tempDir('s3rver');
  const s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: temp.dir, allowMismatchedSignatures: false });
  const { port } = (await s3rver.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const options = { bucket, endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
  const storage = new S3Storage(options);
  await storage.prepare(['*']);
  return {
    endpoint,
    bucket,
    storage,
    env: { S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' },
    close: async () => {
      storage.client.destroy();
      await s3rver.close();
      temp.remove();
    },
  };
}

export interface LocalFixture {
  storage: LocalStorage;
  baseUrl: string;
  clock: { offsetMs: number };
  close(): Promise<void>;
}

/** The local driver in a temp folder, its signed URLs answered by a small server on a free port. */
export async function startLocalStorage(): Promise<LocalFixture> {
  const temp = tempDir('local-storage');
  const clock = { offsetMs: 0 };
  const app = express();
  const server = createServer(app);
  const baseUrl = await listen(server);
  const storage = new LocalStorage(temp.dir, baseUrl, 'test-signing-secret', () => Date.now() + clock.offsetMs);
  app.use(LOCAL_STORAGE_PATH, localStorageRouter(storage, 64 * 1024 * 1024));
  return {
    storage,
    baseUrl,
    clock,
    close: async () => {
      await closeServer(server);
      temp.remove();
    },
  };
}

/** A short test video: ffmpeg's test pattern with a tone, H.264/AAC in MP4. */
export function makeVideo(file: string, seconds = 2, size = '320x180'): void {
  const r = spawnSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart',
    file,
  ]);
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr.toString()}`);
}


export interface MediaContext {
  c: Container;
  db: TestDatabase;
  url: string;
  /** Every media:status-changed the app published, with the user room it went to. */
  events: { userId: string; event: MediaStatusEvent }[];
  unexpected: unknown[];
  close(): Promise<void>;
}

/** The whole app on a real port (signed storage URLs point at it), with media in a temp folder. */
export async function startMediaApp(env: Record<string, string> = {}, options: MediaOptions = {}, db?: TestDatabase): Promise<MediaContext> {
  const temp = tempDir('media-app');
  const server = createServer();
  const url = await listen(server);
  db ??= await freshDatabase();
  const c = createContainer(testConfig({ PUBLIC_URL: url, DATA_DIR: temp.dir, ...env }), db, () => {}, {
    queue: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, onError: () => {}, ...options.queue },
    jobs: { retryDelaySeconds: 0, ...options.jobs },
    preset: options.preset ?? 'ultrafast',
  });
  const events: MediaContext['events'] = [];
  c.live.user = (userId, event) => void events.push({ userId, event });
  const unexpected: unknown[] = [];
  server.on('request', createApp(c, { onUnexpected: (e) => unexpected.push(e) }));
  const ownDb = db;
  return {
    c,
    db,
    url,
    events,
    unexpected,
    close: async () => {
      await c.media.jobs.stop();
      await closeServer(server);
      await ownDb.close();
      temp.remove();
    },
  };
}

/** Uploads a file the way the browser does: start, PUT each part to its signed URL, complete. */
export async function uploadFile(ctx: { url: string }, token: string, bytes: Buffer, fileName: string, contentType = 'video/mp4') {
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const start = await fetch(`${ctx.url}/api/v1/media/uploads`, { method: 'POST', headers: auth, body: JSON.stringify({ file_name: fileName, size: bytes.length, content_type: contentType }) });
  const upload = (await start.json()) as { id: string; part_size: number; parts: { part_number: number; url: string }[] };
  if (start.status !== 201) throw new Error(`start: ${start.status} ${JSON.stringify(upload)}`);
  const parts = [];
  for (const p of upload.parts) {
    const chunk = bytes.subarray((p.part_number - 1) * upload.part_size, p.part_number * upload.part_size);
    const put = await fetch(p.url, { method: 'PUT', body: new Uint8Array(chunk) });
    if (put.status !== 200) throw new Error(`part ${p.part_number}: ${put.status}`);
    parts.push({ part_number: p.part_number, etag: put.headers.get('etag')! });
  }
  const done = await fetch(`${ctx.url}/api/v1/media/uploads/${upload.id}/complete`, { method: 'POST', headers: auth, body: JSON.stringify({ parts }) });
  return { id: upload.id, status: done.status, body: (await done.json()) as Record<string, unknown> };
}

export async function mintToken(ctx: { url: string }, apiKey: string, external_id: string, role: string): Promise<{ token: string; id: string }> {
  const res = await fetch(`${ctx.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: { external_id, name: external_id, role } }),
  });
  const body = (await res.json()) as { access_token: string; user: { id: string } };
  if (res.status !== 201) throw new Error(`token: ${res.status} ${JSON.stringify(body)}`);
  return { token: body.access_token, id: body.user.id };
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
