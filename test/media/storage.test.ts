import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Storage } from '../../api/src/storage/storage.ts';
import { startLocalStorage, startS3rver, type LocalFixture, type S3Fixture } from './helpers.ts';

// One contract, two drivers: the S3 driver against s3rver on loopback, the local driver on disk.

const MiB = 1024 * 1024;

async function putPart(url: string, bytes: Buffer): Promise<string> {
  const res = await fetch(url, { method: 'PUT', body: new Uint8Array(bytes), headers: { Origin: 'http://school.example' } });
  assert.equal(res.status, 200, await res.clone().text());
  const etag = res.headers.get('etag');
  assert.ok(etag, 'the part upload answers with an ETag');
  // The browser reads the ETag cross-origin, so storage must expose it.
  assert.match(res.headers.get('access-control-expose-headers') ?? '', /etag/i);
  return etag;
}

async function readAll(storage: Storage, key: string): Promise<Buffer> {
  return Buffer.concat(await (await storage.read(key)).toArray());
}

function contract(name: string, setup: () => Promise<{ storage: Storage; close(): Promise<void> }>) {
  describe(`${name} storage`, () => {
    let storage: Storage;
    let close: () => Promise<void>;
    before(async () => {
      ({ storage, close } = await setup());
    });
    after(() => close());

    test('multipart upload through presigned part URLs assembles the object', async () => {
      const key = `assets/t/${name}-a/source`;
      const one = randomBytes(5 * MiB);
      const two = randomBytes(1234);
      const uploadId = await storage.createMultipartUpload(key, 'video/mp4');
      const e1 = await putPart(await storage.presignPart(key, uploadId, 1, 60), one);
      const e2 = await putPart(await storage.presignPart(key, uploadId, 2, 60), two);
      await storage.completeMultipartUpload(key, uploadId, [
        { partNumber: 2, etag: e2 },
        { partNumber: 1, etag: e1 },
      ]);
      assert.equal(await storage.size(key), one.length + two.length);
      assert.deepEqual(await readAll(storage, key), Buffer.concat([one, two]));
    });

    test('an interrupted upload resumes: fresh URLs for the missing part, earlier parts kept', async () => {
      const key = `assets/t/${name}-b/source`;
      const one = randomBytes(5 * MiB);
      const two = randomBytes(4096);
      const uploadId = await storage.createMultipartUpload(key, 'video/mp4');
      const e1 = await putPart(await storage.presignPart(key, uploadId, 1, 60), one);
      // The connection drops during part 2: a request aborted after some bytes stores nothing.
      const controller = new AbortController();
      const partial = fetch(await storage.presignPart(key, uploadId, 2, 60), {
        method: 'PUT',
        body: new ReadableStream({
          start(c) {
            c.enqueue(two.subarray(0, 1000));
            setTimeout(() => controller.abort(), 50);
          },
        }),
        duplex: 'half',
        signal: controller.signal,
      } as RequestInit);
      await assert.rejects(partial);
      const listed = await storage.listParts(key, uploadId);
      if (listed) assert.deepEqual(listed.map((p) => [p.partNumber, p.etag, p.size]), [[1, e1, one.length]]);
      const e2 = await putPart(await storage.presignPart(key, uploadId, 2, 60), two);
      await storage.completeMultipartUpload(key, uploadId, [
        { partNumber: 1, etag: e1 },
        { partNumber: 2, etag: e2 },
      ]);
      assert.deepEqual(await readAll(storage, key), Buffer.concat([one, two]));
    });

    test('presigned GET serves the object with ranges; a tampered signature is refused', async () => {
      const key = `assets/t/${name}-c/hls/720p/seg-0.ts`;
      const bytes = randomBytes(10_000);
      await storage.put(key, bytes, 'video/mp2t');
      const url = await storage.presignGet(key, 60);
      const full = await fetch(url);
      assert.equal(full.status, 200);
      assert.deepEqual(Buffer.from(await full.arrayBuffer()), bytes);
      const ranged = await fetch(url, { headers: { Range: 'bytes=100-199' } });
      assert.equal(ranged.status, 206);
      assert.deepEqual(Buffer.from(await ranged.arrayBuffer()), bytes.subarray(100, 200));
      assert.match(url, name === 's3' ? /X-Amz-Signature=/ : /signature=/);
      // s3rver serves any well-formed request (no bucket policies), so refusal is asserted on the
      // local driver here; with S3 a private bucket refuses unsigned or tampered URLs.
      if (name === 'local') {
        const tampered = new URL(url);
        tampered.searchParams.set('signature', 'A'.repeat(tampered.searchParams.get('signature')!.length));
        assert.equal((await fetch(tampered)).status, 403);
      }
    });

    test('browsers may PUT parts and GET objects cross-origin (preflight answered)', async () => {
      const key = `assets/t/${name}-d/source`;
      const uploadId = await storage.createMultipartUpload(key, 'video/mp4');
      const url = await storage.presignPart(key, uploadId, 1, 60);
      const res = await fetch(url, {
        method: 'OPTIONS',
        headers: { Origin: 'http://school.example', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' },
      });
      assert.ok(res.status === 200 || res.status === 204, `preflight status ${res.status}`);
      assert.ok(['*', 'http://school.example'].includes(res.headers.get('access-control-allow-origin') ?? ''));
      assert.match(res.headers.get('access-control-allow-methods') ?? '', /PUT/);
      await storage.abortMultipartUpload(key, uploadId);
    });

    test('deletePrefix removes every object under an asset, and only those', async () => {
      await storage.put(`assets/t/${name}-e/source`, Buffer.from('a'), 'video/mp4');
      await storage.put(`assets/t/${name}-e/hls/master.m3u8`, Buffer.from('b'), 'application/vnd.apple.mpegurl');
      await storage.put(`assets/t/${name}-ee/source`, Buffer.from('c'), 'video/mp4');
      await storage.deletePrefix(`assets/t/${name}-e/`);
      assert.equal(await storage.size(`assets/t/${name}-e/source`), undefined);
      assert.equal(await storage.size(`assets/t/${name}-e/hls/master.m3u8`), undefined);
      assert.equal(await storage.size(`assets/t/${name}-ee/source`), 1);
    });
  });
}

contract('s3', async () => {
  const s3: S3Fixture = await startS3rver();
  return { storage: s3.storage, close: () => s3.close() };
});

contract('local', async () => {
  const local: LocalFixture = await startLocalStorage();
  return { storage: local.storage, close: () => local.close() };
});

describe('local storage signatures', () => {
  let local: LocalFixture;
  before(async () => {
    local = await startLocalStorage();
  });
  after(() => local.close());

  test('an unsigned or expired URL is refused, and a key cannot escape the storage folder', async () => {
    const key = 'assets/t/x/hls/360p/seg-0.ts';
    await local.storage.put(key, Buffer.from('segment'), 'video/mp2t');
    const url = new URL(await local.storage.presignGet(key, 30));
    assert.equal((await fetch(url)).status, 200);
    const unsigned = new URL(url);
    unsigned.search = '';
    assert.equal((await fetch(unsigned)).status, 403);
    local.clock.offsetMs = 31_000;
    assert.equal((await fetch(url)).status, 403, 'expired');
    local.clock.offsetMs = 0;
    // A signature for one object does not open another.
    const other = new URL(url);
    other.pathname = other.pathname.replace('seg-0', 'seg-1');
    assert.equal((await fetch(other)).status, 403);
    assert.throws(() => local.storage.fileFor('assets/../../etc/passwd'));
  });
});
