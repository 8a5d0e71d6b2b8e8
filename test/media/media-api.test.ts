import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PlaybackTokens } from '../../api/src/media/playback-token.ts';
import { LocalStorage } from '../../api/src/storage/local-storage.ts';
import { TEST_SECRET } from '../helpers/context.ts';
import { makeVideo, mintToken, NEEDS_FFMPEG, startMediaApp, tempDir, uploadFile, waitFor, type MediaContext } from './helpers.ts';

// The upload → probe → transcode → signed playback path, through HTTP, on the embedded database
// and the local storage driver (the default without S3 configuration).

let ctx: MediaContext;
let apiKey: string;
let instructor: { token: string; id: string };
let learner: { token: string; id: string };
let foreign: { token: string; id: string };
const temp = tempDir('media-api');
const video = path.join(temp.dir, 'clip.mp4');

const as = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
const get = (url: string, token?: string) => fetch(url.startsWith('http') ? url : `${ctx.url}${url}`, { headers: token ? as(token) : {} });

describe('media API', { skip: NEEDS_FFMPEG }, () => {
  before(async () => {
    makeVideo(video, 3);
    ctx = await startMediaApp({ MEDIA_MAX_BYTES: String(50 * 1024 * 1024), MEDIA_PART_BYTES: String(5 * 1024 * 1024) });
    const a = await ctx.c.tenants.create({ name: 'A', allowedOrigins: [] });
    const b = await ctx.c.tenants.create({ name: 'B', allowedOrigins: [] });
    apiKey = a.apiKey;
    instructor = await mintToken(ctx, a.apiKey, 'teacher', 'instructor');
    learner = await mintToken(ctx, a.apiKey, 'student', 'learner');
    foreign = await mintToken(ctx, b.apiKey, 'student', 'learner');
    await ctx.c.media.jobs.start();
  });
  after(async () => {
    await ctx?.close();
    temp.remove();
  });

  let assetId: string;
  let exerciseId: string;

  test('an uploaded video is probed, transcoded to HLS and becomes ready; each status reaches the uploader', async () => {
    const up = await uploadFile(ctx, instructor.token, readFileSync(video), 'swing.mp4');
    assert.equal(up.status, 202, JSON.stringify(up.body));
    assert.equal(up.body.status, 'uploaded');
    assetId = up.id;
    const ready = await waitFor('ready', async () => {
      const body = (await (await get(`/api/v1/media/${assetId}`, instructor.token)).json()) as { status: string; error: string | null; duration: number; frame_rate: number | null; renditions: { name: string }[] };
      assert.notEqual(body.status, 'failed', body.error ?? '');
      return body.status === 'ready' ? body : undefined;
    });
    assert.equal(ready.duration > 2.5, true);
    // makeVideo encodes at 25 frames per second: the probe's rate, for frame stepping.
    assert.equal(ready.frame_rate, 25);
    assert.equal(up.body.frame_rate, 25, 'probed on completion already');
    assert.deepEqual(ready.renditions.map((r) => r.name), ['180p']);
    const mine = ctx.events.filter((e) => e.event.media_asset_id === assetId);
    assert.deepEqual(mine.map((e) => e.event.status), ['uploaded', 'processing', 'ready']);
    assert.ok(mine.every((e) => e.userId === instructor.id));
  });

  test('playback hands anyone who may see the exercise a signed HLS URL; every playlist and segment is signed', async () => {
    const ex = await fetch(`${ctx.url}/api/v1/exercises`, { method: 'POST', headers: as(instructor.token), body: JSON.stringify({ title: 'Swing', source: { type: 'upload', media_asset_id: assetId } }) });
    assert.equal(ex.status, 201, await ex.clone().text());
    exerciseId = ((await ex.json()) as { id: string; duration: number | null }).id;

    const res = await get(`/api/v1/exercises/${exerciseId}/playback`, learner.token);
    assert.equal(res.status, 200);
    const play = (await res.json()) as { type: string; url: string; poster: string; expires_at: string; frame_rate: number | null };
    assert.equal(play.type, 'hls');
    assert.equal(play.frame_rate, 25);
    assert.ok(Date.parse(play.expires_at) > Date.now());
    assert.equal((await fetch(play.poster)).headers.get('content-type'), 'image/jpeg');

    const master = await (await fetch(play.url)).text();
    assert.match(master, /^#EXTM3U/);
    const variantUrl = master.split('\n').find((l) => l.startsWith('http'))!;
    assert.match(variantUrl, /\/hls\/180p\?token=/);
    const variant = await (await fetch(variantUrl)).text();
    const segments = variant.split('\n').filter((l) => l.startsWith('http'));
    assert.ok(segments.length >= 1);
    assert.ok(segments.every((s) => /[?&]signature=/.test(s) && /[?&]expires=/.test(s)));
    const seg = Buffer.from(await (await fetch(segments[0]!)).arrayBuffer());
    assert.equal(seg[0], 0x47, 'an MPEG-TS segment');

    // A segment without its signature, with an expired one, or under another name: refused.
    const unsigned = new URL(segments[0]!);
    unsigned.search = '';
    assert.equal((await fetch(unsigned)).status, 403);
    const storage = ctx.c.media.storage as LocalStorage;
    const resource = decodeURIComponent(new URL(segments[0]!).pathname.replace(/^\/storage/, ''));
    const past = Math.floor(Date.now() / 1000) - 5;
    const expired = new URL(segments[0]!);
    expired.searchParams.set('expires', String(past));
    expired.searchParams.set('signature', storage.sign({ method: 'GET', resource, expires: past }));
    assert.equal((await fetch(expired)).status, 403);
    const source = new URL(segments[0]!);
    source.pathname = source.pathname.replace(/hls\/.*$/, 'source');
    assert.equal((await fetch(source)).status, 403, 'a segment signature does not open the source');

    // Playlists: no token, a forged one, an expired genuine one.
    const playlistUrl = new URL(play.url);
    playlistUrl.search = '';
    assert.equal((await fetch(playlistUrl)).status, 403);
    playlistUrl.searchParams.set('token', `${past + 3600}.${'A'.repeat(43)}`);
    assert.equal((await fetch(playlistUrl)).status, 403);
    const secret = createHmac('sha256', TEST_SECRET).update('playback-tokens').digest('base64url');
    const old = new PlaybackTokens(secret, () => Date.now() - 3600_000).issue(assetId, 60);
    playlistUrl.searchParams.set('token', old.token);
    assert.equal((await fetch(playlistUrl)).status, 403);
  });

  test('a user who may not see the exercise gets no playback URL', async () => {
    assert.equal((await get(`/api/v1/exercises/${exerciseId}/playback`, foreign.token)).status, 404);
    assert.equal((await get(`/api/v1/exercises/${exerciseId}/playback`)).status, 401);
  });

  test('playback of an upload not yet playable is 409 media-processing; of one whose transcode failed, 409 media-failed', async () => {
    const start = await fetch(`${ctx.url}/api/v1/media/uploads`, { method: 'POST', headers: as(instructor.token), body: JSON.stringify({ file_name: 'later.mp4', size: 1000, content_type: 'video/mp4' }) });
    const pending = (await start.json()) as { id: string };
    const ex = await fetch(`${ctx.url}/api/v1/exercises`, { method: 'POST', headers: as(instructor.token), body: JSON.stringify({ title: 'Not yet', source: { type: 'upload', media_asset_id: pending.id } }) });
    const exercise = (await ex.json()) as { id: string };
    assert.equal(ex.status, 201, JSON.stringify(exercise));
    const problem = async () => {
      const res = await get(`/api/v1/exercises/${exercise.id}/playback`, learner.token);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      return [res.status, ((await res.json()) as { type: string }).type];
    };
    assert.deepEqual(await problem(), [409, 'https://exercise-threads.dev/problems/media-processing']);
    await ctx.db.knex('media_assets').where({ id: pending.id }).update({ status: 'failed', error: 'The transcoder gave up.' });
    assert.deepEqual(await problem(), [409, 'https://exercise-threads.dev/problems/media-failed']);
    const doc = (await (await get('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>> };
    const conflict = doc.paths['/exercises/{id}/playback']!.get!.responses['409']!.description;
    assert.match(conflict, /problems\/media-processing/);
    assert.match(conflict, /problems\/media-failed/);
  });

  test('a text file renamed .mp4 is refused after probing, and its bytes are removed', async () => {
    const up = await uploadFile(ctx, instructor.token, Buffer.from('this is not a video\n'.repeat(200)), 'notes.mp4');
    assert.equal(up.status, 422);
    assert.match(String(up.body.detail), /not a video/);
    const asset = (await (await get(`/api/v1/media/${up.id}`, instructor.token)).json()) as { status: string; error: string };
    assert.equal(asset.status, 'failed');
    assert.match(asset.error, /not a video/);
    const row = await ctx.db.knex('media_assets').where({ id: up.id }).first();
    assert.equal(await ctx.c.media.storage.size(row.source_key), undefined);
  });

  test('limits: size, type and role are checked before anything is stored', async () => {
    const post = (token: string, body: object) => fetch(`${ctx.url}/api/v1/media/uploads`, { method: 'POST', headers: as(token), body: JSON.stringify(body) });
    const big = await post(instructor.token, { file_name: 'a.mp4', size: 51 * 1024 * 1024, content_type: 'video/mp4' });
    assert.equal(big.status, 413);
    assert.match(((await big.json()) as { detail: string }).detail, /most this server accepts/);
    const text = await post(instructor.token, { file_name: 'a.txt', size: 10, content_type: 'text/plain' });
    assert.equal(text.status, 422);
    assert.equal((await post(learner.token, { file_name: 'a.mp4', size: 10, content_type: 'video/mp4' })).status, 403);
    const keyed = await post(apiKey, { file_name: 'a.mp4', size: 10, content_type: 'video/mp4', owner_external_id: 'teacher' });
    assert.equal(keyed.status, 201);
  });

  test('an interrupted upload resumes: only the missing parts are handed out again', async () => {
    const bytes = randomBytes(6 * 1024 * 1024);
    const start = await fetch(`${ctx.url}/api/v1/media/uploads`, { method: 'POST', headers: as(instructor.token), body: JSON.stringify({ file_name: 'big.mp4', size: bytes.length, content_type: 'video/mp4' }) });
    const upload = (await start.json()) as { id: string; part_size: number; part_count: number; parts: { part_number: number; url: string }[] };
    assert.equal(upload.part_count, 2);
    const one = await fetch(upload.parts[0]!.url, { method: 'PUT', body: new Uint8Array(bytes.subarray(0, upload.part_size)) });
    const etag1 = one.headers.get('etag')!;
    // The page reloads: the upload's state comes from storage, not from the browser.
    const resumed = (await (await get(`/api/v1/media/uploads/${upload.id}`, instructor.token)).json()) as typeof upload & { uploaded_parts: { part_number: number; etag: string }[] };
    assert.deepEqual(resumed.uploaded_parts.map((p) => [p.part_number, p.etag]), [[1, etag1]]);
    assert.deepEqual(resumed.parts.map((p) => p.part_number), [2]);
    const two = await fetch(resumed.parts[0]!.url, { method: 'PUT', body: new Uint8Array(bytes.subarray(upload.part_size)) });
    const done = await fetch(`${ctx.url}/api/v1/media/uploads/${upload.id}/complete`, {
      method: 'POST',
      headers: as(instructor.token),
      body: JSON.stringify({ parts: [{ part_number: 1, etag: etag1 }, { part_number: 2, etag: two.headers.get('etag') }] }),
    });
    // Random bytes are whole and the right size, and still refused: they are not a video.
    assert.equal(done.status, 422);
  });

  test('delete refuses an asset an exercise uses, removes an unused one; the sweep drops abandoned uploads', async () => {
    const del = (id: string) => fetch(`${ctx.url}/api/v1/media/${id}`, { method: 'DELETE', headers: as(instructor.token) });
    assert.equal((await del(assetId)).status, 409);

    const up = await uploadFile(ctx, instructor.token, readFileSync(video), 'spare.mp4');
    await waitFor('settled', async () => {
      const s = ((await (await get(`/api/v1/media/${up.id}`, instructor.token)).json()) as { status: string }).status;
      return ['ready', 'failed'].includes(s) ? s : undefined;
    });
    const row = await ctx.db.knex('media_assets').where({ id: up.id }).first();
    assert.equal((await get(`/api/v1/media/${up.id}`, learner.token)).status, 404, 'another user’s asset is invisible');
    assert.equal((await del(up.id)).status, 204);
    assert.equal(await ctx.c.media.storage.size(row.source_key), undefined);
    assert.equal(await ctx.c.media.storage.size(row.master_key), undefined);
    assert.equal((await get(`/api/v1/media/${up.id}`, instructor.token)).status, 404);

    const start = await fetch(`${ctx.url}/api/v1/media/uploads`, { method: 'POST', headers: as(instructor.token), body: JSON.stringify({ file_name: 'x.mp4', size: 100, content_type: 'video/mp4' }) });
    const stale = ((await start.json()) as { id: string }).id;
    const fresh = ((await (await fetch(`${ctx.url}/api/v1/media/uploads`, { method: 'POST', headers: as(instructor.token), body: JSON.stringify({ file_name: 'y.mp4', size: 100, content_type: 'video/mp4' }) })).json()) as { id: string }).id;
    await ctx.db.knex('media_assets').where({ id: stale }).update({ created_at: ctx.db.knex.raw("now() - interval '25 hours'") });
    assert.ok((await ctx.c.media.service.sweep()) >= 1);
    assert.equal(await ctx.db.knex('media_assets').where({ id: stale }).first(), undefined);
    assert.ok(await ctx.db.knex('media_assets').where({ id: fresh }).first());
    assert.deepEqual(ctx.unexpected, []);
  });
});
