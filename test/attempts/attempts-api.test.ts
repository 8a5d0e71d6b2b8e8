import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeVideo, NEEDS_FFMPEG, tempDir, waitFor } from '../media/helpers.ts';
import { addAttempt, attemptsWorld, call, makeRecorderWebm, startAttemptsApp, type AttemptsApp } from './attempt-helpers.ts';

// Attempts end to end through HTTP (embedded or server database, local storage): added by the
// thread's owner, uploaded through the multipart flow, probed on completion (duration known at
// once), playable as the original while the ladder is made, then as HLS; comments anchor to them.

let ctx: AttemptsApp;
let webm: Buffer;
const submitted: { attempt: number; first: boolean; learner: string }[] = [];
let world: Awaited<ReturnType<typeof attemptsWorld>>;
const temp = tempDir('attempts-api');
const mp4 = path.join(temp.dir, 'attempt.mp4');

describe('attempts API', { skip: NEEDS_FFMPEG }, () => {
  before(async () => {
    makeVideo(mp4, 4);
    webm = makeRecorderWebm(3);
    ctx = await startAttemptsApp();
    world = await attemptsWorld(ctx);
    // The hook the LMS's "Submitted" hangs on.
    ctx.c.attempts.onSubmitted(async (e) => void submitted.push({ attempt: e.attempt.number, first: e.first, learner: e.learnerId }));
  });
  after(async () => {
    await ctx?.close();
    temp.remove();
  });

  let attemptId: string;

  test('the owner adds an attempt: 201 with the attempt (number 1, pending) and its multipart upload; completing it probes the duration', async () => {
    const { actors, threadId } = world;
    const bytes = readFileSync(mp4);
    const created = await call(ctx, 'POST', `/threads/${threadId}/attempts`, actors.owner, { file_name: 'me.mp4', size: bytes.length, content_type: 'video/mp4' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.headers.get('location'), `/api/v1/attempts/${created.body.attempt.id}`);
    assert.equal(created.body.attempt.number, 1);
    assert.equal(created.body.attempt.status, 'pending');
    assert.equal(created.body.attempt.thread_id, threadId);
    assert.equal(created.body.upload.id, created.body.attempt.media_asset_id);
    assert.equal(created.body.upload.part_count, 1);
    attemptId = created.body.attempt.id;

    const early = await call(ctx, 'GET', `/attempts/${attemptId}/playback`, actors.owner);
    assert.equal(early.status, 409);
    assert.equal(early.body.type, 'https://exercise-threads.dev/problems/media-processing');

    const { sendParts } = await import('./attempt-helpers.ts');
    const done = await sendParts(ctx, actors.owner, created.body.upload, bytes);
    assert.equal(done.status, 202, JSON.stringify(done.body));
    const got = await call(ctx, 'GET', `/attempts/${attemptId}`, actors.author);
    assert.equal(got.status, 200);
    assert.ok(['uploaded', 'processing', 'ready'].includes(got.body.status), got.body.status);
    assert.ok(Math.abs(got.body.duration - 4) < 0.2, `duration ${got.body.duration}`);
    assert.equal(got.body.playable, true);
    assert.equal(got.body.sync_offset, 0);
  });

  test('comments anchor to the attempt: times fit its duration; lists filter by target', async () => {
    const { actors, threadId } = world;
    const onAttempt = await call(ctx, 'POST', '/comments', actors.author, { thread_id: threadId, attempt_id: attemptId, t_start: 1, t_end: 2, body: 'Knees!' });
    assert.equal(onAttempt.status, 201, JSON.stringify(onAttempt.body));
    assert.equal(onAttempt.body.attempt_id, attemptId);
    const onModel = await call(ctx, 'POST', '/comments', actors.owner, { thread_id: threadId, t_start: 30, body: 'The model at 30 s' });
    assert.equal(onModel.status, 201);
    assert.equal(onModel.body.attempt_id, null);
    // The attempt is 4 s long; the model 60 s.
    const past = await call(ctx, 'POST', '/comments', actors.author, { thread_id: threadId, attempt_id: attemptId, t_start: 5, body: 'Too late' });
    assert.equal(past.status, 422);
    assert.equal(past.body.errors[0].field, 't_start');
    assert.match(past.body.errors[0].message, /attempt/);
    const reply = await call(ctx, 'POST', '/comments', actors.owner, { thread_id: threadId, parent_id: onAttempt.body.id, body: 'Thanks' });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.attempt_id, attemptId, 'a reply takes its parent’s target');
    const wrongTarget = await call(ctx, 'POST', '/comments', actors.owner, { thread_id: threadId, parent_id: onAttempt.body.id, attempt_id: null, body: 'On the model?' });
    assert.equal(wrongTarget.status, 422);

    const all = await call(ctx, 'GET', `/threads/${threadId}/comments`, actors.owner);
    assert.equal(all.body.data.length, 3);
    const model = await call(ctx, 'GET', `/threads/${threadId}/comments?target=model`, actors.owner);
    assert.deepEqual(model.body.data.map((c: { id: string }) => c.id), [onModel.body.id]);
    const mine = await call(ctx, 'GET', `/threads/${threadId}/comments?attempt_id=${attemptId}`, actors.author);
    assert.deepEqual(mine.body.data.map((c: { id: string }) => c.id).sort(), [onAttempt.body.id, reply.body.id].sort());
    const since = await call(ctx, 'GET', `/threads/${threadId}/comments?since_seq=0`, actors.author);
    assert.equal(since.body.data.length, 3, 'catch-up by seq is per thread');
    const both = await call(ctx, 'GET', `/threads/${threadId}/comments?target=model&attempt_id=${attemptId}`, actors.owner);
    assert.equal(both.status, 422);
  });

  test('exports are of one video: the model’s comments by default, one attempt’s with attempt_id', async () => {
    const { actors, threadId } = world;
    const text = async (q: string) => {
      const res = await fetch(`${ctx.url}/api/v1/threads/${threadId}/export?${q}`, { headers: { Authorization: `Bearer ${actors.owner.token}` } });
      assert.equal(res.status, 200, q);
      return res.text();
    };
    const model = await text('format=vtt');
    assert.match(model, /The model at 30 s/);
    assert.doesNotMatch(model, /Knees!/);
    const attempt = await text(`format=vtt&attempt_id=${attemptId}`);
    assert.match(attempt, /Knees!/);
    assert.doesNotMatch(attempt, /The model at 30 s/);
    const annotations = JSON.parse(await text(`format=jsonld&attempt_id=${attemptId}`)) as { first: { items: { target: string | { source: string } }[] } };
    // Top comments target the attempt's video; replies target their parent.
    const onVideo = annotations.first.items.flatMap((i) => (typeof i.target === 'string' ? [] : [i.target.source]));
    assert.equal(onVideo.length, 1);
    assert.ok(onVideo[0]!.endsWith(`/attempts/${attemptId}/playback`), onVideo[0]);
    const elsewhere = await fetch(`${ctx.url}/api/v1/threads/${threadId}/export?format=vtt&attempt_id=${world.otherThreadId}`, { headers: { Authorization: `Bearer ${actors.owner.token}` } });
    assert.equal(elsewhere.status, 404);
  });

  test('the attempt plays as its original (signed, video/mp4) before the ladder, then as HLS', async () => {
    const { actors } = world;
    // The transcode worker has not started yet: the ladder cannot be there.
    const first = await call(ctx, 'GET', `/attempts/${attemptId}/playback`, actors.owner);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.kind, 'original');
    assert.equal(first.body.type, 'mp4');
    assert.equal(first.body.content_type, 'video/mp4');
    assert.ok(Math.abs(first.body.duration - 4) < 0.2);
    const file = await fetch(first.body.url, { headers: { Range: 'bytes=0-99' } });
    assert.equal(file.status, 206);
    assert.equal(file.headers.get('content-type'), 'video/mp4');
    assert.equal((await file.arrayBuffer()).byteLength, 100);
    const unsigned = await fetch(first.body.url.replace(/signature=[^&]+/, 'signature=x'));
    assert.equal(unsigned.status, 403);

    await ctx.c.media.jobs.start();
    const hls = await waitFor('hls', async () => {
      const r = await call(ctx, 'GET', `/attempts/${attemptId}/playback`, actors.author);
      return r.body.kind === 'hls' ? r.body : undefined;
    });
    assert.equal(hls.type, 'hls');
    assert.match(await (await fetch(hls.url)).text(), /^#EXTM3U/);
  });

  test('a MediaRecorder WebM (no duration in its header) is probed, and plays as webm at once', async () => {
    const { actors, threadId } = world;
    const { attempt, complete } = await addAttempt(ctx, actors.owner, threadId, webm, 'take.webm', 'video/webm');
    assert.equal(complete.status, 202, JSON.stringify(complete.body));
    assert.equal(attempt.number, 2);
    const got = await call(ctx, 'GET', `/attempts/${attempt.id}`, actors.owner);
    assert.ok(Math.abs(got.body.duration - 3) < 0.2, `duration ${got.body.duration}`);
    const play = await call(ctx, 'GET', `/attempts/${attempt.id}/playback`, actors.owner);
    assert.equal(play.status, 200);
    // Either the original (webm) while the worker transcodes, or the ladder if it was quicker.
    if (play.body.kind === 'original') {
      assert.equal(play.body.type, 'webm');
      assert.equal((await fetch(play.body.url)).headers.get('content-type'), 'video/webm');
    } else {
      assert.equal(play.body.kind, 'hls');
    }
    await waitFor('webm ladder', async () => ((await call(ctx, 'GET', `/attempts/${attempt.id}`, actors.owner)).body.status === 'ready' ? true : undefined));
  });

  test('onSubmitted hears each accepted upload once, the thread’s first one as first', async () => {
    await ctx.c.live.settled();
    await waitFor('two submissions', async () => (submitted.length >= 2 ? true : undefined), 5000);
    assert.deepEqual(submitted, [
      { attempt: 1, first: true, learner: world.actors.owner.id },
      { attempt: 2, first: false, learner: world.actors.owner.id },
    ]);
  });

  test('PATCH sets the sync offset (owner or author); the list is by number', async () => {
    const { actors, threadId } = world;
    const set = await call(ctx, 'PATCH', `/attempts/${attemptId}`, actors.author, { sync_offset: -1.25 });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.sync_offset, -1.25);
    const list = await call(ctx, 'GET', `/threads/${threadId}/attempts`, actors.owner);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.data.map((a: { number: number }) => a.number), [1, 2]);
    assert.equal(list.body.data[0].sync_offset, -1.25);
    assert.notEqual(list.body.data[0].feedback_at, null, 'the author commented on attempt 1');
    assert.equal(list.body.data[1].feedback_at, null);
  });

  test('the owner may not delete an attempt an author commented on (409); the media cannot be deleted around it', async () => {
    const { actors } = world;
    const refused = await call(ctx, 'DELETE', `/attempts/${attemptId}`, actors.owner);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.type, 'https://exercise-threads.dev/problems/attempt-has-feedback');
    const got = await call(ctx, 'GET', `/attempts/${attemptId}`, actors.owner);
    const viaMedia = await call(ctx, 'DELETE', `/media/${got.body.media_asset_id}`, actors.owner);
    assert.equal(viaMedia.status, 409);
    const byAuthor = await call(ctx, 'DELETE', `/attempts/${attemptId}`, actors.author);
    assert.equal(byAuthor.status, 403);
  });
});
