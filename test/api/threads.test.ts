import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from '../helpers/context.ts';
import { useWorld, type World } from '../helpers/world.ts';

let ctx: TestContext;
let w: World;
useWorld((c, world) => ([ctx, w] = [c, world]));
const post = (body: unknown, actor = () => w.actors.owner) => ctx.http().post('/api/v1/comments').set(w.as(actor())).send(body as object);

describe('threads: unread counts and archiving', () => {
  test('unread counts and awaiting reply follow the conversation', async () => {
    const ex = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'Unread', source: { type: 'url', url: 'https://media.example/u.mp4' } });
    const thread = await ctx.http().post('/api/v1/threads').set(w.as(w.actors.owner)).send({ exercise_video_id: ex.body.id });
    await post({ thread_id: thread.body.id, t_start: 1, body: 'q1' });
    await post({ thread_id: thread.body.id, t_start: 2, body: 'q2' });
    const list = async () => (await ctx.http().get(`/api/v1/threads?exercise_video_id=${ex.body.id}&awaiting_reply=true`).set(w.as(w.actors.author))).body.data;
    const [t] = await list();
    assert.deepEqual([t.unread_count, t.awaiting_reply, t.comment_count], [2, true, 2]);
    const read = await ctx.http().post(`/api/v1/threads/${thread.body.id}/read`).set(w.as(w.actors.author)).send({ seq: t.last_seq });
    assert.equal(read.body.unread_count, 0);
    await post({ thread_id: thread.body.id, t_start: 2, body: 'answer' }, () => w.actors.author);
    assert.deepEqual(await list(), []);
  });

  test('an archived exercise leaves the catalogue; its thread stays readable and read-only', async () => {
    const ex = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'To archive', source: { type: 'url', url: 'https://media.example/a.mp4' } });
    const thread = await ctx.http().post('/api/v1/threads').set(w.as(w.actors.owner)).send({ exercise_video_id: ex.body.id });
    await post({ thread_id: thread.body.id, t_start: 1, body: 'before' });
    assert.equal((await ctx.http().delete(`/api/v1/exercises/${ex.body.id}`).set(w.as(w.actors.author))).status, 204);
    const catalogue = await ctx.http().get('/api/v1/exercises?limit=200').set(w.as(w.actors.owner));
    assert.ok(!catalogue.body.data.some((e: { id: string }) => e.id === ex.body.id));
    const read = await ctx.http().get(`/api/v1/threads/${thread.body.id}/comments`).set(w.as(w.actors.owner));
    assert.equal(read.body.data.length, 1);
    assert.equal((await post({ thread_id: thread.body.id, t_start: 2, body: 'after' })).status, 403);
  });
});

test('no request above met an unexpected error', () => assert.deepEqual(ctx.unexpected, []));
