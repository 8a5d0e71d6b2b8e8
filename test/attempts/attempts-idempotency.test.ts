import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeVideo, NEEDS_FFMPEG, tempDir } from '../media/helpers.ts';
import { as, attemptsWorld, call, sendParts, startAttemptsApp, type Actor, type AttemptsApp } from './attempt-helpers.ts';

// POST /threads/:id/attempts with an Idempotency-Key, as POST /comments takes one: a browser that
// reloads between the POST and its answer sends it again and gets the same attempt, with its
// upload as it is now; racing retries make one attempt; keys are the caller's own; a retry is not
// counted against max_attempts. On both databases (DATABASE_URL picks the server's).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads whatever JSON the API answered
type Json = any;

const PART = 5 * 1024 * 1024;

async function post(app: AttemptsApp, who: Actor, threadId: string, body: { file_name: string; size: number; content_type: string }, key?: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${app.url}/api/v1/threads/${threadId}/attempts`, {
    method: 'POST',
    headers: { ...as(who), ...(key !== undefined && { 'Idempotency-Key': key }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The attempts rows of a thread (all of them, whatever their media's state). */
const rowsOf = (app: AttemptsApp, threadId: string) => app.db.knex('attempts').where({ thread_id: threadId }).select('id', 'idempotency_key');

const temp = tempDir('attempts-idempotency');
after(() => temp.remove());

/** An app and a world for the enclosing suite, made before its tests and closed after them. */
function suiteApp(limits: Parameters<typeof attemptsWorld>[1] = {}, prepare = () => {}) {
  const s = {} as { app: AttemptsApp; world: Awaited<ReturnType<typeof attemptsWorld>> };
  before(async () => {
    // Before the app starts: ffmpeg runs synchronously and would stall its server.
    prepare();
    s.app = await startAttemptsApp();
    s.world = await attemptsWorld(s.app, limits);
  });
  after(async () => {
    await s.app?.close();
  });
  return s;
}

describe('Idempotency-Key on POST /threads/:id/attempts', () => {
  const s = suiteApp();

  test('a retry with the same key and body answers the same attempt (201) with its upload as it is now: the part storage holds is listed, not asked for again', async () => {
    const { actors, threadId } = s.world;
    // Two parts: 5 MiB and 1 MiB.
    const body = { file_name: 'take.webm', size: PART + 1024 * 1024, content_type: 'video/webm' };
    const first = await post(s.app, actors.owner, threadId, body, 'take-1');
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.upload.part_count, 2);

    // The browser sent part 1, then reloaded before it stored the attempt's answer.
    const put = await fetch(first.body.upload.parts[0].url, { method: 'PUT', body: new Uint8Array(PART) });
    assert.equal(put.status, 200);
    const retry = await post(s.app, actors.owner, threadId, body, 'take-1');
    assert.equal(retry.status, 201, JSON.stringify(retry.body));
    assert.equal(retry.body.attempt.id, first.body.attempt.id);
    assert.equal(retry.body.attempt.number, 1);
    assert.equal(retry.body.upload.id, first.body.upload.id);
    assert.deepEqual(retry.body.upload.uploaded_parts.map((p: { part_number: number }) => p.part_number), [1]);
    assert.equal(retry.body.upload.uploaded_parts[0].etag, put.headers.get('etag'));
    assert.deepEqual(retry.body.upload.parts.map((p: { part_number: number }) => p.part_number), [2]);
    // The same as GET /media/uploads/:id answers.
    const resumed = await call(s.app, 'GET', `/media/uploads/${first.body.upload.id}`, actors.owner);
    assert.deepEqual(resumed.body.uploaded_parts, retry.body.upload.uploaded_parts);
    assert.deepEqual((await rowsOf(s.app, threadId)).map((r) => r.id), [first.body.attempt.id]);
  });

  test('the same key with a different body is refused (422 on Idempotency-Key, as comments do); the header is validated as theirs is', async () => {
    const { actors, threadId } = s.world;
    const before = (await rowsOf(s.app, threadId)).length;
    const other = await post(s.app, actors.owner, threadId, { file_name: 'take.webm', size: 2000, content_type: 'video/webm' }, 'take-1');
    assert.equal(other.status, 422);
    assert.equal(other.body.type, 'https://exercise-threads.dev/problems/validation-failed');
    assert.equal(other.body.errors[0].field, 'Idempotency-Key');
    assert.match(other.body.errors[0].message, /different attempt/);
    const bad = await post(s.app, actors.owner, threadId, { file_name: 'x.webm', size: 2000, content_type: 'video/webm' }, 'has spaces in it');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'Idempotency-Key');
    assert.equal((await rowsOf(s.app, threadId)).length, before);
  });

  test('10 concurrent retries with one key make one attempt; the others answer it, and leave no media behind', async () => {
    const { actors, threadId } = s.world;
    const before = (await rowsOf(s.app, threadId)).length;
    const body = { file_name: 'storm.webm', size: 3000, content_type: 'video/webm' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(s.app, actors.owner, threadId, body, 'storm')));
    for (const a of answers) assert.equal(a.status, 201, JSON.stringify(a.body));
    const ids = new Set(answers.map((a) => a.body.attempt.id));
    assert.equal(ids.size, 1);
    const rows = await s.app.db.knex('attempts').where({ thread_id: threadId, idempotency_key: 'storm' }).select('id', 'media_asset_id');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].id, [...ids][0]);
    assert.equal((await rowsOf(s.app, threadId)).length, before + 1);
    // The losers' uploads were discarded: the owner's assets are exactly their attempts'.
    const assets = await s.app.db.knex('media_assets').where({ owner_id: actors.owner.id }).pluck('id');
    const attemptAssets = await s.app.db.knex('attempts').where({ thread_id: threadId }).pluck('media_asset_id');
    assert.deepEqual([...assets].sort(), [...attemptAssets].sort());
  });

  test('keys are the caller’s own: another learner’s same key makes their own attempt, and never reaches the owner’s', async () => {
    const { actors, threadId, otherThreadId } = s.world;
    const body = { file_name: 'take.webm', size: PART + 1024 * 1024, content_type: 'video/webm' };
    const mine = await post(s.app, actors.owner, threadId, body, 'take-1');
    // The same key and body on the owner's thread: a thread they may not see.
    const intruder = await post(s.app, actors.otherLearner, threadId, body, 'take-1');
    assert.equal(intruder.status, 404);
    assert.equal(JSON.stringify(intruder.body).includes(mine.body.attempt.id), false);
    // On their own thread: their own attempt.
    const theirs = await post(s.app, actors.otherLearner, otherThreadId, body, 'take-1');
    assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
    assert.notEqual(theirs.body.attempt.id, mine.body.attempt.id);
    assert.notEqual(theirs.body.upload.id, mine.body.upload.id);
    assert.equal(theirs.body.attempt.thread_id, otherThreadId);
    assert.equal(theirs.body.attempt.number, 1);
    assert.equal(theirs.body.upload.uploaded_parts.length, 0);
    // The owner's retry still answers the owner's attempt.
    assert.equal((await post(s.app, actors.owner, threadId, body, 'take-1')).body.attempt.id, mine.body.attempt.id);
  });
});

describe('Idempotency-Key and max_attempts', () => {
  const s = suiteApp({ max_attempts: 1 });

  test('a retry is not another attempt: it is answered at the limit; concurrent retries take one place; a new key is refused', async () => {
    const { actors, threadId } = s.world;
    const body = { file_name: 'only.webm', size: 3000, content_type: 'video/webm' };
    // Racing for the last place: one attempt, every retry answered with it (not attempt-limit-reached).
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(s.app, actors.owner, threadId, body, 'only')));
    for (const a of answers) assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal(new Set(answers.map((a) => a.body.attempt.id)).size, 1);
    assert.equal((await rowsOf(s.app, threadId)).length, 1);

    const retry = await post(s.app, actors.owner, threadId, body, 'only');
    assert.equal(retry.status, 201, JSON.stringify(retry.body));
    assert.equal(retry.body.attempt.id, answers[0]!.body.attempt.id);
    const fresh = await post(s.app, actors.owner, threadId, body, 'another');
    assert.equal(fresh.status, 409);
    assert.equal(fresh.body.type, 'https://exercise-threads.dev/problems/attempt-limit-reached');
    assert.equal((await rowsOf(s.app, threadId)).length, 1);
  });
});

describe('Idempotency-Key after the upload completed', { skip: NEEDS_FFMPEG }, () => {
  const mp4 = path.join(temp.dir, 'done.mp4');
  const s = suiteApp({}, () => makeVideo(mp4, 2));

  test('the retry answers the attempt with its state, and an upload with no parts left to send', async () => {
    const { actors, threadId } = s.world;
    const bytes = readFileSync(mp4);
    const body = { file_name: 'done.mp4', size: bytes.length, content_type: 'video/mp4' };
    const first = await post(s.app, actors.owner, threadId, body, 'done-1');
    assert.equal(first.status, 201);
    assert.equal((await sendParts(s.app, actors.owner, first.body.upload, bytes)).status, 202);
    const retry = await post(s.app, actors.owner, threadId, body, 'done-1');
    assert.equal(retry.status, 201, JSON.stringify(retry.body));
    assert.equal(retry.body.attempt.id, first.body.attempt.id);
    assert.notEqual(retry.body.attempt.status, 'pending');
    assert.notEqual(retry.body.upload.status, 'pending');
    assert.deepEqual(retry.body.upload.parts, []);
    assert.equal((await rowsOf(s.app, threadId)).length, 1);
  });
});
