import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import webvtt from 'webvtt-parser';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { makeWorld, type World } from '../helpers/world.ts';

let ctx: TestContext;
let w: World;

/** Supertest keeps text bodies for text/*; JSON-LD and anything else arrive as bytes. */
const get = (path: string, actor: World['actors'][keyof World['actors']] | string) =>
  ctx.http().get(path).set(typeof actor === 'string' ? { Authorization: `Bearer ${actor}` } : w.as(actor)).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

before(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const post = await ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).send({ thread_id: w.threadId, t_start: 12.5, t_end: 14, body: '=HYPERLINK("http://x")' });
  assert.equal(post.status, 201);
  const point = await ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).send({ thread_id: w.threadId, t_start: 59.5, body: 'a point near the end' });
  assert.equal(point.status, 201);
});
after(() => ctx.close());

describe('GET /threads/:id/export', () => {
  test('WebVTT for the owner: text/vtt, a download name, every comment a cue', async () => {
    const res = await get(`/api/v1/threads/${w.threadId}/export?format=vtt`, w.actors.owner);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type']!, /^text\/vtt; charset=utf-8/);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="Box step - Olivia Owner.vtt"');
    const parsed = new webvtt.WebVTTParser().parse((res.body as Buffer).toString('utf8'), 'subtitles/captions/descriptions');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.cues.map((c) => [c.startTime, c.endTime]), [[1.5, 3], [1.5, 3], [12.5, 14], [59.5, 60]]);
    assert.equal(parsed.cues[1]!.text, '<v Ada Author>SECRET-AUTHOR-REPLY');
  });

  test('JSON-LD for a co-author, CSV for the owner, with the formula neutralised', async () => {
    const ld = await get(`/api/v1/threads/${w.threadId}/export?format=jsonld`, w.actors.coauthor);
    assert.equal(ld.status, 200);
    assert.match(ld.headers['content-type']!, /^application\/ld\+json/);
    const doc = JSON.parse((ld.body as Buffer).toString('utf8'));
    assert.equal(doc.type, 'AnnotationCollection');
    assert.equal(doc.first.items.length, 4);
    assert.equal(doc.first.items[0].target.selector.value, 't=1.5,3');
    assert.equal(doc.first.items[0].target.source, 'https://media.example/box.mp4');
    assert.equal(doc.first.items[1].target, doc.first.items[0].id);

    const csv = await get(`/api/v1/threads/${w.threadId}/export?format=csv`, w.actors.owner);
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type']!, /^text\/csv/);
    const rows = parseCsv(csv.body as Buffer, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => r.text), ['SECRET-OWNER-COMMENT', 'SECRET-AUTHOR-REPLY', `'=HYPERLINK("http://x")`, 'a point near the end']);
  });

  test('anyone who may not see the thread gets 404, an API key 403, a bad format 422', async () => {
    for (const who of ['otherLearner', 'otherInstructor', 'moderator', 'foreign'] as const) {
      const res = await get(`/api/v1/threads/${w.threadId}/export?format=vtt`, w.actors[who]);
      assert.equal(res.status, 404, who);
      assert.match(res.headers['content-type']!, /application\/problem\+json/);
    }
    assert.equal((await get(`/api/v1/threads/${w.threadId}/export?format=vtt`, w.tenantA.apiKey)).status, 403);
    const bad = await ctx.http().get(`/api/v1/threads/${w.threadId}/export?format=srt`).set(w.as(w.actors.owner));
    assert.equal(bad.status, 422);
    assert.ok(bad.body.errors.some((e: { field: string }) => e.field.includes('format')), JSON.stringify(bad.body));
    assert.equal((await get(`/api/v1/threads/${w.threadId}/export`, w.actors.owner)).status, 422);
  });
});

describe('GET /exercises/:id/export', () => {
  test('its authors get every thread as CSV and JSON-LD; learners and other instructors 404', async () => {
    const second = await w.mint(w.tenantA.apiKey, 'second', 'learner', 'Second Student');
    const t2 = await ctx.http().post('/api/v1/threads').set(w.as(second)).send({ exercise_video_id: w.exerciseId });
    await ctx.http().post('/api/v1/comments').set(w.as(second)).send({ thread_id: t2.body.id, t_start: 2, body: 'second thread' });
    const csv = await get(`/api/v1/exercises/${w.exerciseId}/export?format=csv`, w.actors.author);
    assert.equal(csv.status, 200);
    assert.equal(csv.headers['content-disposition'], 'attachment; filename="Box step.csv"');
    const rows = parseCsv(csv.body as Buffer, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual([...new Set(rows.map((r) => r.student))], ['Olivia Owner', 'Second Student']);
    const ld = await get(`/api/v1/exercises/${w.exerciseId}/export?format=jsonld`, w.actors.coauthor);
    assert.equal(JSON.parse((ld.body as Buffer).toString('utf8')).first.items.length, 5);
    for (const who of ['owner', 'otherInstructor', 'moderator', 'foreignInstructor'] as const) {
      assert.equal((await get(`/api/v1/exercises/${w.exerciseId}/export?format=csv`, w.actors[who])).status, 404, who);
    }
    assert.equal((await get(`/api/v1/exercises/${w.exerciseId}/export?format=vtt`, w.actors.author)).status, 422);
  });
});
