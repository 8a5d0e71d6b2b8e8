import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { frameRate, probe } from '../../api/src/media/ffmpeg.ts';
import type { TestContext } from '../helpers/context.ts';
import { useWorld, type World } from '../helpers/world.ts';

// The practice player's API: an exercise's `speed_control` switch and the media probe's `frame_rate`.

let ctx: TestContext;
let w: World;
useWorld((c, world) => ([ctx, w] = [c, world]));

const HAS_FFPROBE = spawnSync('ffprobe', ['-version']).status === 0;

describe('practice: speed_control on the exercise', () => {
  test('defaults to true, can be created off, and is switched by PATCH (authors only)', async () => {
    const on = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'On', source: { type: 'url', url: 'https://media.example/on.mp4' } });
    assert.equal(on.status, 201);
    assert.equal(on.body.speed_control, true);
    const off = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'Off', speed_control: false, source: { type: 'url', url: 'https://media.example/off.mp4' } });
    assert.equal(off.status, 201);
    assert.equal(off.body.speed_control, false);
    // A learner reads it, as the element does.
    assert.equal((await ctx.http().get(`/api/v1/exercises/${off.body.id}`).set(w.as(w.actors.owner))).body.speed_control, false);

    const patched = await ctx.http().patch(`/api/v1/exercises/${on.body.id}`).set(w.as(w.actors.author)).send({ speed_control: false });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.speed_control, false);
    assert.equal((await ctx.http().get(`/api/v1/exercises/${on.body.id}`).set(w.as(w.actors.owner))).body.speed_control, false);
    // Another field alone leaves it as it was.
    assert.equal((await ctx.http().patch(`/api/v1/exercises/${on.body.id}`).set(w.as(w.actors.author)).send({ title: 'Renamed' })).body.speed_control, false);

    const learner = await ctx.http().patch(`/api/v1/exercises/${on.body.id}`).set(w.as(w.actors.owner)).send({ speed_control: true });
    assert.equal(learner.status, 403);
    assert.equal((await ctx.http().get(`/api/v1/exercises/${on.body.id}`).set(w.as(w.actors.owner))).body.speed_control, false);
  });

  test('a non-boolean is 422 naming the field, on POST and PATCH', async () => {
    const post = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'Bad', speed_control: 'no', source: { type: 'url', url: 'https://media.example/b.mp4' } });
    assert.equal(post.status, 422);
    assert.match(post.headers['content-type'] ?? '', /application\/problem\+json/);
    assert.deepEqual(post.body.errors.map((e: { field: string }) => e.field), ['speed_control']);
    const patch = await ctx.http().patch(`/api/v1/exercises/${w.exerciseId}`).set(w.as(w.actors.author)).send({ speed_control: 1 });
    assert.equal(patch.status, 422);
    assert.deepEqual(patch.body.errors.map((e: { field: string }) => e.field), ['speed_control']);
  });

  test('the OpenAPI document lists speed_control on the exercise and frame_rate on the asset and the playback answer', async () => {
    const doc = (await ctx.http().get('/api/v1/openapi.json')).body as { components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> } };
    const schemas = doc.components.schemas;
    assert.ok(schemas.Exercise!.properties.speed_control);
    assert.ok(schemas.Exercise!.required?.includes('speed_control'));
    assert.ok(schemas.MediaAsset!.properties.frame_rate);
    assert.ok(schemas.Playback!.properties.frame_rate);
    assert.ok(schemas.Playback!.required?.includes('frame_rate'));
  });
});

describe('practice: frame_rate', () => {
  test('ffprobe fractions become frames per second; unknown or nonsense is null', () => {
    assert.equal(frameRate('24/1'), 24);
    assert.equal(frameRate('30000/1001'), 29.97);
    assert.equal(frameRate('0/0'), null);
    assert.equal(frameRate('25/0'), null);
    assert.equal(frameRate(undefined), null);
    assert.equal(frameRate('abc'), null);
  });

  test('the probe reads the committed sample video at 24 frames per second', { skip: HAS_FFPROBE ? false : 'needs ffprobe' }, async () => {
    const info = await probe('ffprobe', path.resolve('embed-demo/media/sample.mp4'));
    assert.equal(info?.frameRate, 24);
  });

  test('playback of an outside URL (nothing probed) answers frame_rate null', async () => {
    const res = await ctx.http().get(`/api/v1/exercises/${w.exerciseId}/playback`).set(w.as(w.actors.owner));
    assert.equal(res.status, 200);
    assert.ok('frame_rate' in res.body);
    assert.equal(res.body.frame_rate, null);
  });
});

test('no request above met an unexpected error', () => assert.deepEqual(ctx.unexpected, []));
