// End to end: an instructor's <exercise-thread> without exercise-id, on a page of another origin
// (a partner's page), uploads an ffmpeg clip through the element, creates the exercise, sees it
// processing, then playing as signed HLS; and a learner's playback survives its signature expiring
// mid-video. The real server runs in-process on port 0 with a fresh database, the live channel and
// the media worker; Chromium is Debian's.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../api/src/app.ts';
import { createContainer, type Container } from '../../api/src/container.ts';
import { createLiveServer, type LiveServer } from '../../api/src/live/live-server.ts';
import { testConfig } from '../helpers/context.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { closeServer, listen, makeVideo, mintToken, NEEDS_FFMPEG, tempDir, uploadFile, waitFor } from '../media/helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NO_CHROMIUM = existsSync(CHROMIUM) ? false : `needs Chromium at ${CHROMIUM} (Debian package \`chromium\`)`;
const SKIP = NO_CHROMIUM || NEEDS_FFMPEG;
// The shortest signature the config allows: the second test waits it out.
const TTL_SECONDS = 30;

const temp = tempDir('e2e-upload');
let db: TestDatabase;
let c: Container;
let api: Server;
let live: LiveServer;
let page: Server;
let base = '';
let origin = '';
let apiKey = '';
let browser: Browser;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.json': 'application/json' };

before(async () => {
  if (SKIP) return;
  // The built element, into a folder of this test's own (dist/ may be in use by others).
  const widgetDir = path.join(temp.dir, 'widget');
  await build({ configFile: 'vite.widget.config.ts', mode: 'production', logLevel: 'error', build: { outDir: widgetDir, emptyOutDir: true } });
  api = createServer();
  base = await listen(api);
  db = await freshDatabase();
  c = createContainer(testConfig({ PUBLIC_URL: base, DATA_DIR: path.join(temp.dir, 'data'), MEDIA_URL_TTL_SECONDS: String(TTL_SECONDS) }), db, () => {}, {
    queue: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, onError: () => {} },
    jobs: { retryDelaySeconds: 0 },
    preset: 'ultrafast',
  });
  api.on('request', createApp(c, { onUnexpected: (e) => console.error(e) }));
  live = await createLiveServer(api, c, { onError: () => {} });
  await c.media.jobs.start();

  // The partner's page, on another loopback origin, serving the element's script itself.
  page = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/widget/')) {
      const file = path.join(widgetDir, path.normalize(url.pathname.slice('/widget/'.length)));
      if (!file.startsWith(widgetDir) || !existsSync(file)) return void res.writeHead(404).end();
      res.setHeader('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
      return void res.end(readFileSync(file));
    }
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><html lang="en"><title>Course</title><main>
      <exercise-thread api-base="${base}" token="${url.searchParams.get('token')}" exercise-id="${url.searchParams.get('exercise') ?? ''}"></exercise-thread>
      </main><script type="module" src="/widget/exercise-thread.js"></script>`);
  });
  origin = await listen(page);
  const tenant = await c.tenants.create({ name: 'School', allowedOrigins: [origin] });
  apiKey = tenant.apiKey;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
});

after(async () => {
  if (SKIP) return;
  await browser?.close();
  await c?.media.jobs.stop();
  if (page) await closeServer(page);
  api?.closeAllConnections();
  await live?.close();
  await db?.close();
  temp.remove();
});

/** The element's `<video>`: its engine, time, and whether it plays. */
const videoState = (p: Page) =>
  p.evaluate(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v ? { engine: v.dataset.engine ?? '', time: v.currentTime, paused: v.paused, width: v.videoWidth } : undefined;
  });

async function waitPlaying(p: Page, beyond: number): Promise<void> {
  await p.waitForFunction((t) => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v && v.dataset.engine === 'hls.js' && !v.paused && v.currentTime > t;
  }, beyond, { timeout: 60_000 });
}

test('an instructor uploads a clip through the element, sees it processing, then it plays as HLS', { skip: SKIP }, async () => {
  const clip = path.join(temp.dir, 'swing.mp4');
  makeVideo(clip, 3);
  const teacher = await mintToken({ url: base }, apiKey, 'teacher', 'instructor');
  const p = await browser.newPage();
  const puts: string[] = [];
  p.on('request', (r) => r.method() === 'PUT' && puts.push(new URL(r.url()).origin));
  await p.goto(`${origin}/?token=${teacher.token}`);
  await p.getByRole('heading', { name: 'New exercise' }).waitFor();

  await p.locator('exercise-thread et-upload input[type="file"]').setInputFiles(clip);
  await p.getByText('swing.mp4 uploaded.').waitFor({ timeout: 30_000 });
  assert.deepEqual(puts, [base], 'the part went straight to storage, cross-origin');
  await p.getByLabel('Title').fill('Golf swing');
  await p.getByRole('button', { name: 'Create exercise' }).click();

  // Processing (or already past it, on a fast machine) until the live status says ready.
  await p.getByRole('region', { name: 'Exercise thread: Golf swing' }).waitFor();
  const row = await db.knex('exercise_videos').where({ title: 'Golf swing' }).first();
  assert.ok(row?.media_asset_id, 'the exercise uses the uploaded asset');
  await p.locator('exercise-thread et-video-surface video').waitFor({ timeout: 60_000 });
  assert.equal((await db.knex('media_assets').where({ id: row.media_asset_id }).first()).status, 'ready');
  await p.locator('exercise-thread et-video-surface video').evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await waitPlaying(p, 1);
  const state = await videoState(p);
  assert.equal(state?.engine, 'hls.js');
  assert.equal(state?.width, 320);
  await p.close();
});

test('when the signature expires mid-video, a fresh URL resumes at the same time, comments kept', { skip: SKIP }, async () => {
  const clip = path.join(temp.dir, 'long.mp4');
  makeVideo(clip, 20);
  const teacher = await mintToken({ url: base }, apiKey, 'teacher', 'instructor');
  const learner = await mintToken({ url: base }, apiKey, 'learner-1', 'learner');
  const up = await uploadFile({ url: base }, teacher.token, readFileSync(clip), 'long.mp4');
  assert.equal(up.status, 202);
  await waitFor('ready', async () => ((await db.knex('media_assets').where({ id: up.id }).first()).status === 'ready' ? true : undefined), 120_000);
  const auth = { Authorization: `Bearer ${teacher.token}`, 'Content-Type': 'application/json' };
  const ex = (await (await fetch(`${base}/api/v1/exercises`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Long take', source: { type: 'upload', media_asset_id: up.id } }) })).json()) as { id: string };

  const p = await browser.newPage();
  const playbacks: { status: number; expires: number }[] = [];
  const refused: string[] = [];
  p.on('response', async (r) => {
    if (r.status() === 403) refused.push(new URL(r.url()).pathname);
    if (r.url().endsWith(`/exercises/${ex.id}/playback`)) playbacks.push({ status: r.status(), expires: Date.parse(((await r.json()) as { expires_at: string }).expires_at) });
  });
  // A slow network: segments from the third on reach storage only after the first URL's
  // signature expired (the first 8 s play; the video then waits for them, mid-video).
  await p.route(/\/seg-(\d{3})\.ts\?/, async (route) => {
    const n = Number(/seg-(\d{3})\.ts/.exec(route.request().url())![1]);
    const first = playbacks[0]?.expires;
    if (n >= 2 && first && Date.now() < first + 1500) await new Promise((r) => setTimeout(r, first + 1500 - Date.now()));
    await route.continue().catch(() => undefined);
  });
  await p.goto(`${origin}/?token=${learner.token}&exercise=${ex.id}`);
  await p.getByLabel('Comment at 00:00.0').fill('Watch the grip');
  await p.getByRole('button', { name: 'Send' }).click();
  await p.locator('et-comment', { hasText: 'Watch the grip' }).locator('time').waitFor();
  await p.locator('exercise-thread et-video-surface video').evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    (window as unknown as { times: number[] }).times = [];
    v.addEventListener('timeupdate', () => (window as unknown as { times: number[] }).times.push(v.currentTime));
    return v.play();
  });
  await waitPlaying(p, 6);
  assert.equal(refused.length, 0, 'nothing refused before expiry');

  // The held segment goes out with an expired signature; the element renews and plays on.
  await waitPlaying(p, 10);
  assert.ok(refused.some((r) => /seg-00[2-9]\.ts$/.test(r)), `storage refused the expired segment URL: ${refused.join(', ')}`);
  assert.deepEqual(playbacks.map((x) => x.status), [200, 200], 'one fresh playback URL');
  const renewals = await p.evaluate(() => (document.querySelector('exercise-thread')!.shadowRoot!.querySelector('et-video-surface') as unknown as { player: { renewals: number } }).player.renewals);
  assert.equal(renewals, 1);
  // Resumed where it stalled: after reaching 6 s, playback never went on from the start again.
  const times = await p.evaluate(() => (window as unknown as { times: number[] }).times);
  const after6 = times.slice(times.findIndex((t) => t >= 6));
  assert.deepEqual(after6.filter((t) => t > 0.5 && t < 5), [], 'no replay from the start');
  assert.equal(await p.locator('et-comment', { hasText: 'Watch the grip' }).count(), 1, 'the comments are still there');
  await p.close();
});
