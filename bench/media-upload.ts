// Upload throughput through the local storage driver: the browser's path (signed part PUTs over
// HTTP to the API, then complete), beside a same-run baseline: writing the same bytes to disk.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { median } from './lib.ts';
import { LocalStorage, LOCAL_STORAGE_PATH } from '../api/src/storage/local-storage.ts';
import { localStorageRouter } from '../api/src/storage/local-storage.routes.ts';

const MiB = 1024 * 1024;
const SIZE = 256 * MiB;
const PART = 8 * MiB;
const dir = mkdtempSync(path.join(tmpdir(), 'et-bench-upload-'));
const app = express();
const server = createServer(app);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const storage = new LocalStorage(dir, base, 'bench-secret');
app.use(LOCAL_STORAGE_PATH, localStorageRouter(storage, PART + 1024));
const bytes = randomBytes(SIZE);

async function upload(key: string, concurrency: number): Promise<number> {
  const t = performance.now();
  const id = await storage.createMultipartUpload(key, 'video/mp4');
  const numbers = Array.from({ length: SIZE / PART }, (_, i) => i + 1);
  const parts: { partNumber: number; etag: string }[] = [];
  const next = async () => {
    for (let n = numbers.shift(); n !== undefined; n = numbers.shift()) {
      const res = await fetch(await storage.presignPart(key, id, n, 600), { method: 'PUT', body: new Uint8Array(bytes.subarray((n - 1) * PART, n * PART)) });
      parts.push({ partNumber: n, etag: res.headers.get('etag')! });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, next));
  await storage.completeMultipartUpload(key, id, parts);
  return (performance.now() - t) / 1000;
}

try {
  for (const concurrency of [1, 4]) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await upload(`bench/u-${concurrency}-${i}/source`, concurrency));
    console.log(`local driver, ${SIZE / MiB} MiB in ${PART / MiB} MiB parts, ${concurrency} at a time: ${(SIZE / MiB / median(runs)).toFixed(0)} MiB/s (median of 3, incl. complete)`);
  }
  const disk = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await writeFile(path.join(dir, `plain-${i}`), bytes);
    disk.push((performance.now() - t) / 1000);
  }
  console.log(`baseline plain disk write of the same bytes: ${(SIZE / MiB / median(disk)).toFixed(0)} MiB/s`);
} finally {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
