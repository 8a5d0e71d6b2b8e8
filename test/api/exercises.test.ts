import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from '../helpers/context.ts';
import { useWorld, type World } from '../helpers/world.ts';

let ctx: TestContext;
let w: World;
useWorld((c, world) => ([ctx, w] = [c, world]));

describe('exercises: sources, keys and the catalogue', () => {
  test('a YouTube URL is parsed; a non-YouTube URL is refused', async () => {
    const ok = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'Y', source: { type: 'youtube', url: 'https://www.youtube.com/watch?v=M7lc1UVf-VE&t=3' } });
    assert.equal(ok.body.source.youtube_id, 'M7lc1UVf-VE');
    const bad = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'Y', source: { type: 'youtube', url: 'https://vimeo.com/1' } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'source.url');
  });

  test('an API key creates an exercise for a named instructor', async () => {
    const res = await ctx.http().post('/api/v1/exercises').auth(w.tenantA.apiKey, { type: 'bearer' })
      .send({ title: 'By key', author_external_id: 'author', source: { type: 'url', url: 'https://media.example/k.mp4' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.creator_id, w.actors.author.id);
    const missing = await ctx.http().post('/api/v1/exercises').auth(w.tenantA.apiKey, { type: 'bearer' }).send({ title: 'x', source: { type: 'url', url: 'https://m.example/x.mp4' } });
    assert.equal(missing.status, 422);
  });

  test('the catalogue and the thread list page with cursors, each row once', async () => {
    for (const title of ['P1', 'P2', 'P3']) {
      const ex = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title, source: { type: 'url', url: 'https://media.example/p.mp4' } });
      assert.equal((await ctx.http().post('/api/v1/threads').set(w.as(w.actors.otherLearner)).send({ exercise_video_id: ex.body.id })).status, 201);
    }
    const walk = async (path: string, actor = w.actors.owner) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { data: { id: string }[]; next_cursor: string | null } } = await ctx.http()
          .get(`${path}${path.includes('?') ? '&' : '?'}limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .set(w.as(actor));
        assert.equal(res.status, 200);
        ids.push(...res.body.data.map((d) => d.id));
        cursor = res.body.next_cursor;
      } while (cursor);
      return ids;
    };
    const exercises = await walk('/api/v1/exercises');
    const all = (await ctx.http().get('/api/v1/exercises?limit=200').set(w.as(w.actors.owner))).body.data.map((e: { id: string }) => e.id);
    assert.deepEqual(exercises, all);
    assert.equal(new Set(exercises).size, exercises.length);
    const threads = await walk('/api/v1/threads', w.actors.author);
    const allThreads = (await ctx.http().get('/api/v1/threads?limit=200').set(w.as(w.actors.author))).body.data.map((t: { id: string }) => t.id);
    assert.deepEqual(threads, allThreads);
    assert.ok(threads.length >= 2);
    const bad = await ctx.http().get('/api/v1/exercises?cursor=!!').set(w.as(w.actors.owner));
    assert.equal(bad.status, 422);
  });
});

test('no request above met an unexpected error', () => assert.deepEqual(ctx.unexpected, []));
