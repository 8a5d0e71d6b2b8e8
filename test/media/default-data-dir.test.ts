import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createApp } from '../../api/src/app.ts';
import { createContainer, type Container } from '../../api/src/container.ts';
import { testConfig } from '../helpers/context.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { closeServer, listen, makeVideo, mintToken, NEEDS_FFMPEG, tempDir, uploadFile, waitFor } from './helpers.ts';

// The README's defaults: DATA_DIR unset, so media lives under a relative ./.data in the working
// folder. Its dot segment once made every segment and poster answer 404 while playlists answered 200.

const temp = tempDir('default-data-dir');
const cwd = process.cwd();
const server = createServer();
let url = '';
let db: TestDatabase;
let c: Container;

before(async () => {
  if (NEEDS_FFMPEG) return;
  process.chdir(temp.dir);
  url = await listen(server);
  db = await freshDatabase();
  // No DATA_DIR: the default, resolved against this test's own working folder.
  c = createContainer(testConfig({ PUBLIC_URL: url }), db, () => {}, {
    queue: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, onError: () => {} },
    jobs: { retryDelaySeconds: 0 },
    preset: 'ultrafast',
  });
  server.on('request', createApp(c, { onUnexpected: (e) => console.error(e) }));
  await c.media.jobs.start();
});

after(async () => {
  if (NEEDS_FFMPEG) return;
  await c?.media.jobs.stop();
  await closeServer(server);
  await db?.close();
  process.chdir(cwd);
  temp.remove();
});

test('on the default ./.data, an upload plays: every playlist, segment and the poster answer 200', { skip: NEEDS_FFMPEG }, async () => {
  assert.equal(c.config.media.localDir, path.join(temp.dir, '.data', 'media'));
  const clip = path.join(temp.dir, 'clip.mp4');
  makeVideo(clip, 3);
  const tenant = await c.tenants.create({ name: 'School', allowedOrigins: [] });
  const teacher = await mintToken({ url }, tenant.apiKey, 'teacher', 'instructor');
  const auth = { Authorization: `Bearer ${teacher.token}`, 'Content-Type': 'application/json' };

  const up = await uploadFile({ url }, teacher.token, readFileSync(clip), 'clip.mp4');
  assert.equal(up.status, 202, JSON.stringify(up.body));
  await waitFor('ready', async () => {
    const body = (await (await fetch(`${url}/api/v1/media/${up.id}`, { headers: auth })).json()) as { status: string; error: string | null };
    assert.notEqual(body.status, 'failed', body.error ?? '');
    return body.status === 'ready' ? body : undefined;
  });
  const ex = await fetch(`${url}/api/v1/exercises`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Clip', source: { type: 'upload', media_asset_id: up.id } }) });
  assert.equal(ex.status, 201, await ex.clone().text());
  const { id } = (await ex.json()) as { id: string };
  const play = (await (await fetch(`${url}/api/v1/exercises/${id}/playback`, { headers: auth })).json()) as { url: string; poster: string };

  const poster = await fetch(play.poster);
  assert.equal(poster.status, 200, await poster.clone().text());
  assert.equal(poster.headers.get('content-type'), 'image/jpeg');
  const links = (text: string) => text.split('\n').filter((l) => l.startsWith('http'));
  const master = await fetch(play.url);
  assert.equal(master.status, 200);
  const variants = links(await master.text());
  assert.ok(variants.length >= 1);
  let segments = 0;
  for (const v of variants) {
    const variant = await fetch(v);
    assert.equal(variant.status, 200);
    const text = await variant.text();
    // fMP4 renditions name an init segment in EXT-X-MAP; it must load too.
    const all = [...links(text), ...[...text.matchAll(/URI="([^"]+)"/g)].map((m) => m[1]!)];
    for (const s of all) {
      const res = await fetch(s);
      assert.equal(res.status, 200, `${new URL(s).pathname}: ${await res.clone().text()}`);
      assert.ok((await res.arrayBuffer()).byteLength > 0);
      segments += 1;
    }
  }
  assert.ok(segments >= 1, 'the variant lists its segments');
});
