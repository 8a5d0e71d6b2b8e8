import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { makeWorld, type Actor, type World } from '../helpers/world.ts';

// GET /inbox and POST /threads/:id/done through the API: order across exercises, filters, paging,
// done, and who sees what (another instructor's, another tenant's: absent).

let ctx: TestContext;
let w: World;
let stance: string;
const learners: Record<string, Actor> = {};
const threadOf: Record<string, string> = {};

const get = (actor: Actor, query = '') => ctx.http().get(`/api/v1/inbox${query}`).set(w.as(actor));
const say = async (actor: Actor, thread: string, body: string) => {
  const res = await ctx.http().post('/api/v1/comments').set(w.as(actor)).send({ thread_id: thread, t_start: 4, body });
  assert.equal(res.status, 201, res.text);
  return res.body.id as string;
};
const names = (body: { data: { owner: { name: string }; exercise: { title: string } }[] }) => body.data.map((t) => `${t.owner.name}/${t.exercise.title}`);

before(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  // The world's thread (Olivia Owner on Box step) is answered. A second exercise of the author's alone.
  const ex = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'Stance', source: { type: 'url', url: 'https://media.example/s.mp4' } });
  stance = ex.body.id;
  for (const name of ['Lena', 'Mo']) learners[name] = await w.mint(w.tenantA.apiKey, name.toLowerCase(), 'learner', name);
  for (const [name, exercise] of [['Lena', w.exerciseId], ['Mo', stance]] as const) {
    const t = await ctx.http().post('/api/v1/threads').set(w.as(learners[name]!)).send({ exercise_video_id: exercise });
    threadOf[name] = t.body.id;
  }
  // Mo waits first, then Lena.
  await say(learners.Mo!, threadOf.Mo!, 'Feet too wide?');
  await say(learners.Lena!, threadOf.Lena!, 'Is my grip right?');
});

after(() => ctx.close());

describe('GET /inbox', () => {
  test('waiting threads first, the longest waiting first, across exercises; then the rest', async () => {
    const res = await get(w.actors.author);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(names(res.body), ['Mo/Stance', 'Lena/Box step', 'Olivia Owner/Box step']);
    const [mo] = res.body.data;
    assert.equal(mo.awaiting_reply, true);
    assert.equal(mo.unread_count, 1);
    assert.equal(mo.last_message.excerpt, 'Feet too wide?');
    assert.equal(mo.oldest_unanswered.t_start, 4);
    assert.equal(res.body.data[2].awaiting_reply, false);
    assert.equal(res.body.next_cursor, null);
  });

  test('a co-author sees the shared exercise only; another instructor, a foreign one: nothing of it', async () => {
    assert.deepEqual(names((await get(w.actors.coauthor)).body), ['Lena/Box step', 'Olivia Owner/Box step']);
    const other = await get(w.actors.otherInstructor);
    assert.equal(other.status, 200);
    assert.deepEqual(other.body.data, []);
    const foreign = await get(w.actors.foreignInstructor);
    assert.deepEqual(foreign.body.data, []);
    assert.doesNotMatch(foreign.text + other.text, /Lena|Olivia|SECRET/);
  });

  test('learners, moderators and API keys have no inbox (403)', async () => {
    for (const actor of [w.actors.owner, w.actors.moderator]) {
      const res = await get(actor);
      assert.equal(res.status, 403);
      assert.match(res.headers['content-type'] ?? '', /application\/problem\+json/);
    }
    assert.equal((await ctx.http().get('/api/v1/inbox').auth(w.tenantA.apiKey, { type: 'bearer' })).status, 403);
  });

  test('filters: exercise, student name, waiting; course; bad values are 422', async () => {
    assert.deepEqual(names((await get(w.actors.author, `?exercise_id=${stance}`)).body), ['Mo/Stance']);
    assert.deepEqual(names((await get(w.actors.author, '?q=len')).body), ['Lena/Box step']);
    assert.deepEqual(names((await get(w.actors.author, '?awaiting=false')).body), ['Olivia Owner/Box step']);
    assert.deepEqual(names((await get(w.actors.author, '?awaiting=true&limit=1')).body), ['Mo/Stance']);
    const unknownCourse = await get(w.actors.author, `?context_id=${w.threadId}`);
    assert.deepEqual(unknownCourse.body.data, []);
    for (const bad of ['?exercise_id=nope', '?awaiting=maybe', '?limit=0', '?limit=101', '?cursor=!!', '?color=red']) {
      const res = await get(w.actors.author, bad);
      assert.equal(res.status, 422, `${bad}: ${res.text}`);
    }
    // A well-formed cursor this API never issued.
    const forged = Buffer.from(JSON.stringify(['w', 'not a time', w.threadId])).toString('base64url');
    assert.equal((await get(w.actors.author, `?cursor=${forged}`)).status, 422);
  });

  test('keyset pages of one walk the whole order once', async () => {
    const all = names((await get(w.actors.author)).body);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(w.actors.author, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200, res.text);
      walked.push(...names(res.body));
      cursor = res.body.next_cursor;
    } while (cursor);
    assert.deepEqual(walked, all);
  });
});

describe('POST /threads/:id/done', () => {
  test('ends the wait for every author and reads the thread for the caller, until the student writes again', async () => {
    const res = await ctx.http().post(`/api/v1/threads/${threadOf.Lena}/done`).set(w.as(w.actors.coauthor));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.awaiting_reply, false);
    assert.equal(res.body.unread_count, 0);
    assert.ok(res.body.done_at);
    assert.deepEqual(names((await get(w.actors.author, '?awaiting=true')).body), ['Mo/Stance']);
    const thread = await ctx.http().get(`/api/v1/threads/${threadOf.Lena}`).set(w.as(w.actors.author));
    assert.equal(thread.body.awaiting_reply, false);
    await say(learners.Lena!, threadOf.Lena!, 'One more thing');
    assert.deepEqual(names((await get(w.actors.author, '?awaiting=true')).body), ['Mo/Stance', 'Lena/Box step']);
  });

  test("is 404 for a thread outside the caller's inbox, 403 for a learner", async () => {
    assert.equal((await ctx.http().post(`/api/v1/threads/${threadOf.Mo}/done`).set(w.as(w.actors.coauthor))).status, 404);
    assert.equal((await ctx.http().post(`/api/v1/threads/${threadOf.Mo}/done`).set(w.as(w.actors.foreignInstructor))).status, 404);
    assert.equal((await ctx.http().post(`/api/v1/threads/${threadOf.Mo}/done`).set(w.as(learners.Mo!))).status, 403);
    const still = await get(w.actors.author, `?exercise_id=${stance}`);
    assert.equal(still.body.data[0].awaiting_reply, true);
  });

  test("a reply clears the wait the same way", async () => {
    await say(w.actors.author, threadOf.Mo!, 'Narrower, yes.');
    const res = await get(w.actors.author, `?exercise_id=${stance}`);
    assert.equal(res.body.data[0].awaiting_reply, false);
    assert.equal(res.body.data[0].last_message.author.name, 'Ada Author');
  });
});
