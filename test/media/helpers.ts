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
