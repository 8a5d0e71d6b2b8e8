// Drawings on the frame (issue 17): validated at the edge (422 naming the field), stored as JSONB,
// returned, edited, and withheld exactly where the body is, over REST and the live channel.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CommentView } from '../../api/src/contract/comments.ts';
import { DataExportRepository } from '../../api/src/privacy/data-export.repository.ts';
import { ErasureRepository } from '../../api/src/privacy/erasure.repository.ts';
import type { TestContext } from '../helpers/context.ts';
import { useWorld, type Actor, type World } from '../helpers/world.ts';

let ctx: TestContext;
let w: World;
useWorld((c, world) => ([ctx, w] = [c, world]));

const ARROW = { type: 'arrow', colour: 'yellow', points: [[0.2, 0.3], [0.4, 0.55]] };
const ELLIPSE = { type: 'ellipse', colour: 'red', points: [[0.35, 0.5], [0.5, 0.65]] };
const stroke = (n: number, colour = 'green') => ({ type: 'freehand', colour, points: Array.from({ length: n }, (_, i) => [i / n, 0.5]) });

const post = (body: Record<string, unknown>, actor: Actor = w.actors.owner) =>
  ctx.http().post('/api/v1/comments').set(w.as(actor)).send({ thread_id: w.threadId, t_start: 4, t_end: 6, body: 'See the hip', ...body });
const patch = (id: string, body: Record<string, unknown>, actor: Actor = w.actors.owner) => ctx.http().patch(`/api/v1/comments/${id}`).set(w.as(actor)).send(body);
const seenBy = async (actor: Actor, id: string): Promise<CommentView> =>
  (await ctx.http().get(`/api/v1/threads/${w.threadId}/comments?limit=200`).set(w.as(actor))).body.data.find((c: CommentView) => c.id === id);
const stored = async (id: string) => (await ctx.db.knex('video_comments').where({ id }).first('drawing', 'body')) as { drawing: unknown; body: string };

describe('a drawing is validated at the edge', () => {
  const cases: [string, unknown, string][] = [
    ['an unknown shape type', { shapes: [{ ...ARROW, type: 'star' }] }, 'drawing.shapes.0'],
    ['a colour outside the fixed set', { shapes: [ARROW, { ...ELLIPSE, colour: '#ff00ff' }] }, 'drawing.shapes.1.colour'],
    ['an arrow of three points', { shapes: [{ ...ARROW, points: [[0, 0], [0.5, 0.5], [1, 1]] }] }, 'drawing.shapes.0.points'],
    ['a freehand stroke of one point', { shapes: [stroke(1)] }, 'drawing.shapes.0.points'],
    ['an x coordinate past the right edge', { shapes: [ARROW, ELLIPSE, ARROW, { ...ARROW, points: [[0.1, 0.1], [1.2, 0.5]] }] }, 'drawing.shapes.3.points.1.0'],
    ['a negative y coordinate', { shapes: [{ ...ELLIPSE, points: [[0.1, -0.01], [0.3, 0.5]] }] }, 'drawing.shapes.0.points.0.1'],
    ['a point that is not a pair', { shapes: [{ ...ARROW, points: [[0.1, 0.1, 0.1], [0.2, 0.2]] }] }, 'drawing.shapes.0.points.0'],
    ['a coordinate given as text', { shapes: [{ ...ARROW, points: [['0.1', 0.1], [0.2, 0.2]] }] }, 'drawing.shapes.0.points.0.0'],
    ['an unknown field on a shape', { shapes: [{ ...ARROW, width: 9 }] }, 'drawing.shapes.0.width'],
    ['no shapes', { shapes: [] }, 'drawing.shapes'],
    ['51 shapes', { shapes: Array.from({ length: 51 }, () => ARROW) }, 'drawing.shapes'],
    ['2,001 points in all (the stroke that crosses the budget is named)', { shapes: [stroke(1000), stroke(1000), stroke(1)] }, 'drawing.shapes.2.points'],
    ['not an object', [ARROW], 'drawing'],
  ];
  for (const [name, drawing, field] of cases) {
    test(`${name} is 422 naming ${field}`, async () => {
      const res = await post({ drawing });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.match(res.headers['content-type']!, /application\/problem\+json/);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      assert.ok(fields.some((f: string) => f === field || f.startsWith(`${field}.`)), `${field} in ${JSON.stringify(fields)}`);
    });
  }

  test('an edit is validated the same way', async () => {
    const c = await post({});
    const res = await patch(c.body.id, { drawing: { shapes: [{ ...ARROW, points: [[0.1, 0.1], [0.2, 1.5]] }] } });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].field, 'drawing.shapes.0.points.1.1');
  });

  test('50 shapes and 2,000 points in all are accepted', async () => {
    const shapes = [...Array.from({ length: 48 }, () => ARROW), stroke(1000), stroke(904)];
    assert.equal(shapes.reduce((n, s) => n + s.points.length, 0), 2000);
    const res = await post({ drawing: { shapes } });
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 500));
    assert.equal(res.body.drawing.shapes.length, 50);
  });
});

describe('a drawing is stored, returned and edited', () => {
  test('posted with the comment: stored as JSONB and returned to both participants', async () => {
    const drawing = { shapes: [ARROW, ELLIPSE, stroke(3, 'white')] };
    const res = await post({ drawing });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.drawing, drawing);
    assert.deepEqual((await stored(res.body.id)).drawing, drawing);
    assert.deepEqual((await seenBy(w.actors.author, res.body.id)).drawing, drawing);
    assert.deepEqual((await seenBy(w.actors.owner, res.body.id)).drawing, drawing);
  });

  test('a comment without one has drawing null; a reply may carry one', async () => {
    const plain = await post({});
    assert.equal(plain.body.drawing, null);
    const reply = await ctx.http().post('/api/v1/comments').set(w.as(w.actors.author)).send({ thread_id: w.threadId, parent_id: plain.body.id, body: 'Here', drawing: { shapes: [ELLIPSE] } });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    assert.deepEqual(reply.body.drawing, { shapes: [ELLIPSE] });
  });

  test('edited by its author (an edit: edited_at moves), removed with null; nobody else may change it', async () => {
    const c = await post({ drawing: { shapes: [ARROW] } });
    assert.equal(c.body.edited_at, null);
    const edited = await patch(c.body.id, { drawing: { shapes: [ELLIPSE] } });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.deepEqual(edited.body.drawing, { shapes: [ELLIPSE] });
    assert.notEqual(edited.body.edited_at, null);
    assert.equal(edited.body.body, 'See the hip');
    assert.deepEqual((await seenBy(w.actors.author, c.body.id)).drawing, { shapes: [ELLIPSE] });

    assert.equal((await patch(c.body.id, { drawing: { shapes: [ARROW] } }, w.actors.author)).status, 403);
    const removed = await patch(c.body.id, { drawing: null });
    assert.equal(removed.status, 200);
    assert.equal(removed.body.drawing, null);
    assert.equal((await stored(c.body.id)).drawing, null);
  });

  test('a retry with the same key and drawing is the first answer; the same key with another drawing is refused', async () => {
    const send = (drawing: unknown) =>
      ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).set('Idempotency-Key', 'drawing-retry-1').send({ thread_id: w.threadId, t_start: 7, body: 'Retry me', drawing });
    const first = await send({ shapes: [ARROW] });
    assert.equal(first.status, 201);
    const again = await send({ shapes: [ARROW] });
    assert.equal(again.body.id, first.body.id);
    const other = await send({ shapes: [ELLIPSE] });
    assert.equal(other.status, 422);
    assert.equal(other.body.errors[0].field, 'Idempotency-Key');
  });
});

describe('a drawing is withheld where the body is', () => {
  test('hidden: others get neither body nor drawing, over REST and the live channel; its author still sees both', async () => {
    const published: CommentView[] = [];
    ctx.c.live.onCommitted(async (c) => {
      if (c.kind === 'comment') published.push(c.comment);
    });
    const drawing = { shapes: [ARROW] };
    const c = await post({ drawing, body: 'HIDE-ME' });
    // Moderators act on reported comments.
    assert.equal((await ctx.http().post(`/api/v1/comments/${c.body.id}/reports`).set(w.as(w.actors.author)).send({ reason: 'rude' })).status, 201);
    const hidden = await ctx.http().post(`/api/v1/moderation/comments/${c.body.id}/hide`).set(w.as(w.actors.moderator)).send({ reason: 'rude' });
    assert.equal(hidden.status, 200);
    // The moderator judging it reads both, as with the body.
    assert.deepEqual(hidden.body.drawing, drawing);

    const other = await seenBy(w.actors.author, c.body.id);
    assert.deepEqual([other.hidden, other.body, other.drawing], [true, null, null]);
    const own = await seenBy(w.actors.owner, c.body.id);
    assert.deepEqual([own.body, own.drawing], ['HIDE-ME', drawing]);
    const since = await ctx.http().get(`/api/v1/threads/${w.threadId}/comments?since_seq=0&limit=200`).set(w.as(w.actors.author));
    assert.equal(since.body.data.find((x: CommentView) => x.id === c.body.id).drawing, null);

    await ctx.c.live.settled();
    const created = published.find((p) => p.id === c.body.id && !p.hidden);
    const hiddenEvent = published.find((p) => p.id === c.body.id && p.hidden);
    assert.deepEqual(created?.drawing, drawing, 'the live channel carries the drawing');
    assert.deepEqual([hiddenEvent?.body, hiddenEvent?.drawing], [null, null], 'the room hears the public view');

    await ctx.http().post(`/api/v1/moderation/comments/${c.body.id}/unhide`).set(w.as(w.actors.moderator)).send({});
    assert.deepEqual((await seenBy(w.actors.author, c.body.id)).drawing, drawing);
  });

  test('deleted: nobody gets it, and it is gone from the row', async () => {
    const c = await post({ drawing: { shapes: [ELLIPSE] } });
    assert.equal((await ctx.http().delete(`/api/v1/comments/${c.body.id}`).set(w.as(w.actors.owner))).status, 204);
    for (const actor of [w.actors.owner, w.actors.author]) {
      const seen = await seenBy(actor, c.body.id);
      if (seen) assert.deepEqual([seen.deleted, seen.body, seen.drawing], [true, null, null]);
    }
    const since = await ctx.http().get(`/api/v1/threads/${w.threadId}/comments?since_seq=0&limit=200`).set(w.as(w.actors.owner));
    const tomb = since.body.data.find((x: CommentView) => x.id === c.body.id);
    assert.deepEqual([tomb.deleted, tomb.drawing], [true, null]);
    assert.equal((await stored(c.body.id)).drawing, null);
  });

  test('the database refuses a drawing on a deleted comment', async () => {
    const c = await post({});
    await ctx.http().delete(`/api/v1/comments/${c.body.id}`).set(w.as(w.actors.owner));
    await assert.rejects(ctx.db.knex.raw(`UPDATE video_comments SET drawing = '{"shapes": []}'::jsonb WHERE id = ?`, [c.body.id]), /video_comments_deleted_without_drawing/);
  });

  test('a data export carries the user’s drawings; an erasure leaves none behind', async () => {
    const drawing = { shapes: [ELLIPSE] };
    const mine = await post({ drawing, body: 'EXPORT-ME' });
    const theirs = await post({ drawing, body: 'AUTHOR-DRAWING' }, w.actors.author);
    const exported: Record<string, unknown>[] = [];
    for await (const page of new DataExportRepository(ctx.db).commentsInOwnThreads(w.actors.owner.id)) exported.push(...page);
    assert.deepEqual(exported.find((c) => c.id === mine.body.id)?.drawing, drawing);

    const erasures = new ErasureRepository(ctx.db);
    await ctx.db.transaction((tx) => erasures.erase(w.tenantA.tenant.id, w.actors.author.id, 'tombstone', tx));
    const rows = await ctx.db.knex('video_comments').where({ id: theirs.body.id }).select('drawing', 'author_id');
    // The author's comment went with the thread or stayed a tombstone: either way without its drawing.
    assert.ok(rows.every((r: { drawing: unknown; author_id: unknown }) => r.drawing === null && r.author_id === null));
  });
});

