import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeVideo, NEEDS_FFMPEG, tempDir, waitFor } from '../media/helpers.ts';
import { addAttempt, attemptsWorld, call, connectAs, recordAttempts, startAttemptsApp, type AttemptsApp, type LiveSocket } from './attempt-helpers.ts';

// Exactly the thread's audience (its owner and the exercise's authors) sees an attempt: through
// REST, the live channel (real socket.io-client sockets) and signed playback. Another learner,
// another instructor, a moderator and another tenant's users get 404 and hear nothing.

let app: AttemptsApp;
let world: Awaited<ReturnType<typeof attemptsWorld>>;
const temp = tempDir('attempts-access');
const mp4 = path.join(temp.dir, 'a.mp4');
const sockets: LiveSocket[] = [];

const OUTSIDERS = ['otherLearner', 'otherInstructor', 'moderator', 'foreign', 'foreignInstructor'] as const;

describe('attempts: seen by the thread’s audience only', { skip: NEEDS_FFMPEG }, () => {
  before(async () => {
    makeVideo(mp4, 2);
    app = await startAttemptsApp();
    world = await attemptsWorld(app);
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await app?.close();
    temp.remove();
  });

  test('live: the owner and the author hear attempt:created, :updated (status, sync offset) and :deleted; outsiders cannot join and hear nothing', async () => {
    const { actors, threadId } = world;
    const join = async (who: (typeof actors)[keyof typeof actors]) => {
      const socket = await connectAs(app, who);
      sockets.push(socket);
      return { socket, seen: recordAttempts(socket), ack: await socket.timeout(10_000).emitWithAck('thread:subscribe', { thread_id: threadId }) };
    };
    const owner = await join(actors.owner);
    const author = await join(actors.author);
    assert.ok('ok' in owner.ack && 'ok' in author.ack);
    const outsiders = await Promise.all(OUTSIDERS.map((k) => join(actors[k])));
    for (const [i, o] of outsiders.entries()) {
      assert.ok('error' in o.ack, `${OUTSIDERS[i]} joined the thread`);
      if ('error' in o.ack) assert.equal(o.ack.error.status, 404, OUTSIDERS[i]);
    }

    const { attempt, complete } = await addAttempt(app, actors.owner, threadId, readFileSync(mp4));
    assert.equal(complete.status, 202);
    const patched = await call(app, 'PATCH', `/attempts/${attempt.id}`, actors.owner, { sync_offset: 0.5 });
    assert.equal(patched.status, 200);
    const removed = await call(app, 'DELETE', `/attempts/${attempt.id}`, actors.owner);
    assert.equal(removed.status, 204);

    for (const [who, side] of [['owner', owner], ['author', author]] as const) {
      const names = await waitFor(`${who}'s events`, async () => {
        const mine = side.seen.filter((e) => e.payload.id === attempt.id);
        return mine.some((e) => e.name === 'attempt:deleted') ? mine : undefined;
      }, 10_000);
      assert.equal(names[0]!.name, 'attempt:created', who);
      assert.equal(names[0]!.payload.status, 'pending');
      assert.ok(names.some((e) => e.name === 'attempt:updated' && e.payload.status === 'uploaded'), `${who} hears the probe`);
      assert.ok(names.some((e) => e.name === 'attempt:updated' && e.payload.sync_offset === 0.5), `${who} hears the sync offset`);
      assert.equal(names.at(-1)!.name, 'attempt:deleted');
    }
    // Give a stray broadcast time to arrive before asserting silence.
    await new Promise((r) => setTimeout(r, 300));
    for (const [i, o] of outsiders.entries()) assert.deepEqual(o.seen, [], `${OUTSIDERS[i]} heard of the attempt`);
  });

  test('REST and playback: every attempt operation is 404 for outsiders; an author may not add one (403)', async () => {
    const { actors, threadId } = world;
    const { attempt } = await addAttempt(app, actors.owner, threadId, readFileSync(mp4));
    for (const k of OUTSIDERS) {
      const who = actors[k];
      const answers = [
        await call(app, 'GET', `/attempts/${attempt.id}`, who),
        await call(app, 'GET', `/attempts/${attempt.id}/playback`, who),
        await call(app, 'PATCH', `/attempts/${attempt.id}`, who, { sync_offset: 1 }),
        await call(app, 'DELETE', `/attempts/${attempt.id}`, who),
        await call(app, 'GET', `/threads/${threadId}/attempts`, who),
        await call(app, 'POST', `/threads/${threadId}/attempts`, who, { file_name: 'x.mp4', size: 1000, content_type: 'video/mp4' }),
        await call(app, 'GET', `/threads/${threadId}/comments?attempt_id=${attempt.id}`, who),
      ];
      for (const [i, a] of answers.entries()) {
        assert.equal(a.status, 404, `${k}: answer ${i} ${JSON.stringify(a.body)}`);
        assert.equal(a.headers.get('content-type'), 'application/problem+json; charset=utf-8');
        assert.doesNotMatch(JSON.stringify(a.body), new RegExp(attempt.media_asset_id));
      }
      // Nor can their comment target it (a learner's own thread, another's attempt: 422, not in that thread).
      if (k === 'otherLearner') {
        const c = await call(app, 'POST', '/comments', who, { thread_id: world.otherThreadId, attempt_id: attempt.id, t_start: 0.5, body: 'Not mine' });
        assert.equal(c.status, 422);
        assert.equal(c.body.errors[0].field, 'attempt_id');
      }
    }
    // The media behind it is not theirs either.
    assert.equal((await call(app, 'GET', `/media/${attempt.media_asset_id}`, actors.otherLearner)).status, 404);
    const byAuthor = await call(app, 'POST', `/threads/${threadId}/attempts`, actors.author, { file_name: 'x.mp4', size: 1000, content_type: 'video/mp4' });
    assert.equal(byAuthor.status, 403);
    // The thread's audience sees it.
    assert.equal((await call(app, 'GET', `/attempts/${attempt.id}`, actors.author)).status, 200);
    assert.equal((await call(app, 'GET', `/attempts/${attempt.id}/playback`, actors.author)).status, 200);
  });

  test('signed playback: a playlist token is good for its own attempt only, and never without a signature', async () => {
    const { actors, threadId } = world;
    const one = await addAttempt(app, actors.owner, threadId, readFileSync(mp4));
    const two = await addAttempt(app, actors.owner, threadId, readFileSync(mp4));
    await app.c.media.jobs.start();
    const ready = async (id: string) =>
      waitFor(`attempt ${id} ready`, async () => {
        const r = await call(app, 'GET', `/attempts/${id}/playback`, actors.owner);
        return r.body.kind === 'hls' ? (r.body as { url: string }) : undefined;
      });
    const a = await ready(one.attempt.id);
    await ready(two.attempt.id);
    assert.equal((await fetch(a.url)).status, 200);
    const token = new URL(a.url).searchParams.get('token')!;
    const otherAsset = `${app.url}/api/v1/media/${two.attempt.media_asset_id}/hls/master?token=${encodeURIComponent(token)}`;
    assert.equal((await fetch(otherAsset)).status, 403);
    assert.equal((await fetch(a.url.replace(/token=[^&]+/, ''))).status, 403);
  });
});
