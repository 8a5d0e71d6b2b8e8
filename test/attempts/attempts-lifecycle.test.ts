import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { LocalStorage } from '../../api/src/storage/local-storage.ts';
import { makeVideo, NEEDS_FFMPEG, startS3rver, tempDir, waitFor, type S3Fixture } from '../media/helpers.ts';
import { addAttempt, attemptsWorld, call, makeRecorderWebm, startAttemptsApp, type AttemptsApp } from './attempt-helpers.ts';

// Deleting an attempt removes its comments and its stored files (the original and the HLS ladder),
// on S3 and on local disk; the exercise's limits are enforced through the API.

const temp = tempDir('attempts-lifecycle');
const mp4 = path.join(temp.dir, 'a.mp4');
after(() => temp.remove());

/** The keys storage holds under an asset's prefix. */
async function storedKeys(app: AttemptsApp, s3: S3Fixture | undefined, prefix: string): Promise<string[]> {
  if (s3) {
    const out = await s3.storage.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
    return (out.Contents ?? []).map((o) => o.Key!);
  }
  const storage = app.c.media.storage as LocalStorage;
  const dir = path.join(storage.objectsRoot, prefix);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

for (const driver of ['s3', 'local'] as const) {
  describe(`deleting an attempt (${driver} storage)`, { skip: NEEDS_FFMPEG }, () => {
    let app: AttemptsApp;
    let s3: S3Fixture | undefined;
    let world: Awaited<ReturnType<typeof attemptsWorld>>;
    before(async () => {
      if (!existsSync(mp4)) makeVideo(mp4, 2);
      if (driver === 's3') s3 = await startS3rver(`attempts-${Date.now()}`);
      app = await startAttemptsApp(s3?.env ?? {});
      world = await attemptsWorld(app);
      await app.c.media.jobs.start();
    });
    after(async () => {
      await app?.close();
      await s3?.close();
    });

    test('removes its comments and every stored file (original and ladder), and tells the room', async () => {
      const { actors, threadId, tenantA } = world;
      const { attempt } = await addAttempt(app, actors.owner, threadId, readFileSync(mp4));
      await waitFor('ready', async () => ((await call(app, 'GET', `/attempts/${attempt.id}`, actors.owner)).body.status === 'ready' ? true : undefined));
      const prefix = `assets/${tenantA.tenant.id}/${attempt.media_asset_id}/`;
      const keys = await storedKeys(app, s3, prefix);
      assert.ok(keys.some((k) => k.endsWith('source')), `the original is stored: ${keys.join(', ')}`);
      assert.ok(keys.some((k) => k.endsWith('.ts')), 'the ladder is stored');
      // The owner's own notes on it are not an author's feedback: the attempt may still go.
      const note = await call(app, 'POST', '/comments', actors.owner, { thread_id: threadId, attempt_id: attempt.id, t_start: 0.5, body: 'My note' });
      assert.equal(note.status, 201);
      const onModel = await call(app, 'POST', '/comments', actors.owner, { thread_id: threadId, t_start: 0.5, body: 'On the model' });
      const deleted: unknown[] = [];
      app.c.live.onCommitted(async (c) => {
        if (c.kind === 'attempt-deleted') deleted.push(c.event);
      });

      const removed = await call(app, 'DELETE', `/attempts/${attempt.id}`, actors.owner);
      assert.equal(removed.status, 204, JSON.stringify(removed.body));
      assert.deepEqual(await storedKeys(app, s3, prefix), []);
      assert.equal((await call(app, 'GET', `/attempts/${attempt.id}`, actors.owner)).status, 404);
      assert.equal((await call(app, 'GET', `/media/${attempt.media_asset_id}`, actors.owner)).status, 404);
      const left = await call(app, 'GET', `/threads/${threadId}/comments?since_seq=0`, actors.owner);
      assert.deepEqual(left.body.data.map((c: { id: string }) => c.id), [onModel.body.id]);
      assert.equal((await app.db.knex('video_comments').where({ attempt_id: attempt.id })).length, 0);
      await app.c.live.settled();
      assert.deepEqual(deleted, [{ id: attempt.id, thread_id: threadId, number: attempt.number }]);
      assert.deepEqual(app.unexpected, []);
    });
  });
}

describe('limits', { skip: NEEDS_FFMPEG }, () => {
  let app: AttemptsApp;
  let world: Awaited<ReturnType<typeof attemptsWorld>>;
  let longWebm: Buffer;
  before(async () => {
    if (!existsSync(mp4)) makeVideo(mp4, 2);
    // Made before the app starts: ffmpeg runs synchronously and would stall its server.
    longWebm = makeRecorderWebm(4);
    app = await startAttemptsApp();
    world = await attemptsWorld(app, { max_attempts: 2, max_attempt_seconds: 3 });
  });
  after(async () => {
    await app?.close();
  });

  test('the exercise shows its limits; authors change them', async () => {
    const ex = await call(app, 'GET', `/exercises/${world.exerciseId}`, world.actors.owner);
    assert.equal(ex.body.max_attempts, 2);
    assert.equal(ex.body.max_attempt_seconds, 3);
    const bad = await call(app, 'PATCH', `/exercises/${world.exerciseId}`, world.actors.author, { max_attempts: 0 });
    assert.equal(bad.status, 422);
  });

  test('a file larger than max_attempt_seconds implies is refused before a byte is sent (413)', async () => {
    const big = await call(app, 'POST', `/threads/${world.threadId}/attempts`, world.actors.owner, { file_name: 'long.mp4', size: 3 * 8_000_000 + 1, content_type: 'video/mp4' });
    assert.equal(big.status, 413);
    assert.equal(big.body.type, 'https://exercise-threads.dev/problems/payload-too-large');
    assert.equal((await call(app, 'GET', `/threads/${world.threadId}/attempts`, world.actors.owner)).body.data.length, 0);
  });

  test('an attempt longer than max_attempt_seconds is refused once probed (422 attempt-too-long), its bytes removed; it does not count', async () => {
    const { actors, threadId, tenantA } = world;
    const { attempt, complete } = await addAttempt(app, actors.owner, threadId, longWebm, 'long.webm', 'video/webm');
    assert.equal(complete.status, 422, JSON.stringify(complete.body));
    assert.equal(complete.body.type, 'https://exercise-threads.dev/problems/attempt-too-long');
    assert.match(complete.body.detail, /at most 3 s/);
    const got = await call(app, 'GET', `/attempts/${attempt.id}`, actors.owner);
    assert.equal(got.body.status, 'failed');
    assert.match(got.body.error, /at most 3 s/);
    assert.deepEqual(await storedKeys(app, undefined, `assets/${tenantA.tenant.id}/${attempt.media_asset_id}/`), []);
    // A failed attempt takes no comment.
    const c = await call(app, 'POST', '/comments', actors.author, { thread_id: threadId, attempt_id: attempt.id, t_start: 1, body: 'Hm' });
    assert.equal(c.status, 409);
    assert.equal(c.body.type, 'https://exercise-threads.dev/problems/attempt-not-ready');
  });

  test('comments wait for the probe: 409 attempt-not-ready while the attempt uploads', async () => {
    const { actors, threadId } = world;
    const created = await call(app, 'POST', `/threads/${threadId}/attempts`, actors.owner, { file_name: 'a.mp4', size: 1000, content_type: 'video/mp4' });
    assert.equal(created.status, 201);
    const c = await call(app, 'POST', '/comments', actors.author, { thread_id: threadId, attempt_id: created.body.attempt.id, t_start: 0, body: 'Too soon' });
    assert.equal(c.status, 409);
    assert.equal(c.body.type, 'https://exercise-threads.dev/problems/attempt-not-ready');
    assert.equal(c.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  });

  test('max_attempts: the third is refused (409 attempt-limit-reached); deleting one without feedback frees a place', async () => {
    const { actors, threadId } = world;
    // One pending from the test above, one more makes two.
    const second = await addAttempt(app, actors.owner, threadId, readFileSync(mp4));
    assert.equal(second.complete.status, 202);
    const third = await call(app, 'POST', `/threads/${threadId}/attempts`, actors.owner, { file_name: 'c.mp4', size: 1000, content_type: 'video/mp4' });
    assert.equal(third.status, 409);
    assert.equal(third.body.type, 'https://exercise-threads.dev/problems/attempt-limit-reached');
    assert.equal((await call(app, 'DELETE', `/attempts/${second.attempt.id}`, actors.owner)).status, 204);
    const again = await call(app, 'POST', `/threads/${threadId}/attempts`, actors.owner, { file_name: 'c.mp4', size: 1000, content_type: 'video/mp4' });
    assert.equal(again.status, 201);
  });
});

describe('erasure of a learner', { skip: NEEDS_FFMPEG }, () => {
  let app: AttemptsApp;
  let world: Awaited<ReturnType<typeof attemptsWorld>>;
  const clip = path.join(temp.dir, 'erase.mp4');
  before(async () => {
    makeVideo(clip, 2);
    app = await startAttemptsApp();
    world = await attemptsWorld(app);
  });
  after(async () => {
    await app?.close();
  });

  test('removes their attempts, the comments on them (an author’s feedback too) and their files', async () => {
    const { actors, threadId, tenantA } = world;
    const { attempt } = await addAttempt(app, actors.owner, threadId, readFileSync(clip));
    const feedback = await call(app, 'POST', '/comments', actors.author, { thread_id: threadId, attempt_id: attempt.id, t_start: 0.5, body: 'Feedback' });
    assert.equal(feedback.status, 201);
    const prefix = `assets/${tenantA.tenant.id}/${attempt.media_asset_id}/`;
    assert.notDeepEqual(await storedKeys(app, undefined, prefix), []);

    const asked = await fetch(`${app.url}/api/v1/users/${actors.owner.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${tenantA.apiKey}` } });
    assert.equal(asked.status, 202);
    // What the privacy queue's worker runs for it.
    await app.c.privacy.service.erase(((await asked.json()) as { id: string }).id);

    assert.deepEqual(await storedKeys(app, undefined, prefix), []);
    assert.equal((await app.db.knex('attempts').where({ id: attempt.id })).length, 0);
    assert.equal((await app.db.knex('media_assets').where({ id: attempt.media_asset_id })).length, 0);
    assert.equal((await app.db.knex('video_comments').where({ id: feedback.body.id })).length, 0);
  });
});
