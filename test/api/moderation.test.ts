import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from '../helpers/context.ts';
import { useWorld, type Actor, type World } from '../helpers/world.ts';

let ctx: TestContext;
let w: World;
useWorld((c, world) => ([ctx, w] = [c, world]));

const post = (body: unknown, actor = () => w.actors.owner) => ctx.http().post('/api/v1/comments').set(w.as(actor())).send(body as object);

describe('moderation', () => {
  test('a report reaches the moderators; hiding withholds the body from others, not from its author, and actions the report; dismissing closes one', async () => {
    const c = await post({ thread_id: w.threadId, t_start: 30, body: 'RUDE-REMARK' });
    assert.equal(c.status, 201);
    const reported = await ctx.http().post(`/api/v1/comments/${c.body.id}/reports`).set(w.as(w.actors.author)).send({ reason: 'rude' });
    assert.equal(reported.status, 201);
    const open = await ctx.http().get('/api/v1/moderation/reports?limit=200').set(w.as(w.actors.moderator));
    const report = open.body.data.find((r: { comment: { id: string } }) => r.comment.id === c.body.id);
    assert.equal(report.status, 'open');
    assert.equal((await ctx.http().get('/api/v1/moderation/reports').set(w.as(w.actors.author))).status, 403);

    const hidden = await ctx.http().post(`/api/v1/moderation/comments/${c.body.id}/hide`).set(w.as(w.actors.moderator)).send({ reason: 'rude' });
    assert.equal(hidden.status, 200);
    const seenBy = async (actor: Actor) =>
      (await ctx.http().get(`/api/v1/threads/${w.threadId}/comments?limit=200`).set(w.as(actor))).body.data.find((x: { id: string }) => x.id === c.body.id);
    assert.equal((await seenBy(w.actors.author)).body, null);
    assert.equal((await seenBy(w.actors.owner)).body, 'RUDE-REMARK');

    const unhidden = await ctx.http().post(`/api/v1/moderation/comments/${c.body.id}/unhide`).set(w.as(w.actors.moderator)).send({});
    assert.equal(unhidden.body.hidden, false);
    assert.equal((await seenBy(w.actors.author)).body, 'RUDE-REMARK');

    const listed = async (status: string, id: string) =>
      (await ctx.http().get(`/api/v1/moderation/reports?status=${status}&limit=200`).set(w.as(w.actors.moderator))).body.data.some((r: { id: string }) => r.id === id);
    assert.equal(await listed('actioned', report.id), true);
    assert.equal(await listed('open', report.id), false);

    const other = await post({ thread_id: w.threadId, t_start: 31, body: 'FINE-REMARK' });
    const second = await ctx.http().post(`/api/v1/comments/${other.body.id}/reports`).set(w.as(w.actors.author)).send({ reason: 'unsure' });
    assert.equal((await ctx.http().post(`/api/v1/moderation/reports/${second.body.id}/dismiss`).set(w.as(w.actors.moderator)).send({})).status, 204);
    assert.equal(await listed('dismissed', second.body.id), true);
    assert.equal((await seenBy(w.actors.author)).body, 'RUDE-REMARK');
  });

  test('a co-author removed for what they wrote: their comment can still be hidden, and they no longer edit it', async () => {
    const ta = await w.mint(w.tenantA.apiKey, 'removed-ta', 'instructor');
    assert.equal((await ctx.http().post(`/api/v1/exercises/${w.exerciseId}/authors`).set(w.as(w.actors.author)).send({ user_id: ta.id })).status, 201);
    const c = await post({ thread_id: w.threadId, t_start: 21, body: 'RUDE' }, () => ta);
    assert.equal(c.status, 201);
    assert.equal((await ctx.http().post(`/api/v1/comments/${c.body.id}/reports`).set(w.as(w.actors.owner)).send({ reason: 'rude' })).status, 201);
    assert.equal((await ctx.http().delete(`/api/v1/exercises/${w.exerciseId}/authors/${ta.id}`).set(w.as(w.actors.author))).status, 204);
    const hidden = await ctx.http().post(`/api/v1/moderation/comments/${c.body.id}/hide`).set(w.as(w.actors.moderator)).send({ reason: 'rude' });
    assert.equal(hidden.status, 200, JSON.stringify(hidden.body));
    assert.equal(hidden.body.hidden, true);
    const edit = await ctx.http().patch(`/api/v1/comments/${c.body.id}`).set(w.as(ta)).send({ body: 'sorry' });
    assert.equal(edit.status, 404);
  });
});

test('no request above met an unexpected error', () => assert.deepEqual(ctx.unexpected, []));
