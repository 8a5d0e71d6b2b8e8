import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { after, test } from 'node:test';
import type HlsJs from 'hls.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PlaybackTokens } from '../../api/src/media/playback-token.ts';
import { TEST_SECRET } from '../helpers/context.ts';
import { closeServer, listen, makeVideo, mintToken, NEEDS_FFMPEG, startMediaApp, tempDir, uploadFile, waitFor, type MediaContext } from './helpers.ts';

// Upload a generated clip, wait for the HLS ladder, and play the signed playback URL in Chromium
// with hls.js (the library the element's HLS player uses).

const CHROMIUM = '/usr/bin/chromium';
const NEEDS_CHROMIUM = existsSync(CHROMIUM) ? false : 'needs Chromium at /usr/bin/chromium';
const temp = tempDir('e2e-playback');
let ctx: MediaContext | undefined;
let browser: Browser | undefined;
let pageServer: Server | undefined;
let playUrl = '';
let assetId = '';

after(async () => {
  await browser?.close();
  if (pageServer) await closeServer(pageServer);
  await ctx?.close();
  temp.remove();
});

test('an uploaded video becomes ready and plays as HLS in Chromium', { skip: NEEDS_FFMPEG || NEEDS_CHROMIUM }, async () => {
  const video = path.join(temp.dir, 'clip.mp4');
  makeVideo(video, 3);
  ctx = await startMediaApp();
  await ctx.c.media.jobs.start();
  const tenant = await ctx.c.tenants.create({ name: 'A', allowedOrigins: [] });
  const teacher = await mintToken(ctx, tenant.apiKey, 'teacher', 'instructor');
  const up = await uploadFile(ctx, teacher.token, readFileSync(video), 'clip.mp4');
  assert.equal(up.status, 202);
  await waitFor('ready', async () => ((await ctx!.db.knex('media_assets').where({ id: up.id }).first()).status === 'ready' ? true : undefined));
  const auth = { Authorization: `Bearer ${teacher.token}`, 'Content-Type': 'application/json' };
  const ex = (await (await fetch(`${ctx.url}/api/v1/exercises`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Clip', source: { type: 'upload', media_asset_id: up.id } }) })).json()) as { id: string };
  const play = (await (await fetch(`${ctx.url}/api/v1/exercises/${ex.id}/playback`, { headers: auth })).json()) as { url: string };
  playUrl = play.url;
  assetId = up.id;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
  const page = await browser.newPage();
  // The page is answered by the browser itself (no app route), on the API's origin.
  await page.route(`${ctx.url}/e2e-page`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><video muted playsinline></video>' }),
  );
  await page.goto(`${ctx.url}/e2e-page`);
  await page.addScriptTag({ content: readFileSync('node_modules/hls.js/dist/hls.min.js', 'utf8') });
  const result = await page.evaluate(async (url) => {
    const H = (window as unknown as { Hls: typeof HlsJs }).Hls;
    if (!H.isSupported()) return { error: 'MSE H.264 unsupported' };
    const v = document.querySelector('video')!;
    const hls = new H();
    const errors: string[] = [];
    hls.on(H.Events.ERROR, (_e, d) => void (d.fatal && errors.push(d.details)));
    hls.loadSource(url);
    hls.attachMedia(v);
    await new Promise((r) => {
      hls.on(H.Events.MANIFEST_PARSED, r);
      hls.on(H.Events.ERROR, (_e, d) => void (d.fatal && r(undefined)));
    });
    if (errors.length) return { errors };
    await v.play();
    const until = Date.now() + 20_000;
    while (v.currentTime < 1.5 && Date.now() < until && errors.length === 0) await new Promise((r) => setTimeout(r, 100));
    return { currentTime: v.currentTime, width: v.videoWidth, levels: hls.levels.length, errors };
  }, play.url);
  assert.deepEqual((result as { errors?: string[] }).errors ?? [result], []);
  assert.ok((result as { currentTime: number }).currentTime >= 1.5, JSON.stringify(result));
  assert.equal((result as { width: number }).width, 320);
});

/** Plays a URL with hls.js in the page; reports fatal errors with their HTTP status as hls.js saw it. */
async function playIn(page: Page, url: string) {
  await page.addScriptTag({ content: readFileSync('node_modules/hls.js/dist/hls.min.js', 'utf8') });
  return page.evaluate(async (src) => {
    const H = (window as unknown as { Hls: typeof HlsJs }).Hls;
    const v = document.querySelector('video')!;
    const hls = new H();
    const errors: string[] = [];
    hls.on(H.Events.ERROR, (_e, d) => void (d.fatal && errors.push(`${d.details} ${d.response?.code}`)));
    hls.loadSource(src);
    hls.attachMedia(v);
    await new Promise((r) => {
      hls.on(H.Events.MANIFEST_PARSED, r);
      hls.on(H.Events.ERROR, (_e, d) => void (d.fatal && r(undefined)));
    });
    if (errors.length) return { currentTime: 0, errors };
    await v.play();
    const until = Date.now() + 20_000;
    while (v.currentTime < 1.5 && Date.now() < until && errors.length === 0) await new Promise((r) => setTimeout(r, 100));
    return { currentTime: v.currentTime, errors };
  }, url);
}

// A page on another origin, served by a real server on loopback. (A page answered by Playwright's
// `route.fulfill` has no address, so Chromium counts it as public and its Local Network Access
// check refuses every request to 127.0.0.1: "Permission was denied for this request to access the
// `loopback` address space", which hls.js reports as manifestLoadError. That was the failure seen
// earlier; the API's headers were not the cause.)
test('a page on another origin plays the signed HLS, and sees an expired token’s 403', { skip: NEEDS_FFMPEG || NEEDS_CHROMIUM }, async () => {
  assert.ok(playUrl && browser, 'the first test prepared a ready asset');
  pageServer = createServer((_req, res) => res.setHeader('content-type', 'text/html').end('<!doctype html><video muted playsinline></video>'));
  const origin = await listen(pageServer);
  assert.notEqual(new URL(origin).origin, new URL(ctx!.url).origin);
  const page = await browser!.newPage();
  await page.goto(`${origin}/`);
  const played = await playIn(page, playUrl);
  assert.deepEqual(played.errors, []);
  assert.ok(played.currentTime >= 1.5, JSON.stringify(played));

  // An expired token: the player must read the 403 (not a blind status 0) to know it should ask
  // for a fresh playback URL, so refusals carry CORS headers for every origin too.
  const secret = createHmac('sha256', TEST_SECRET).update('playback-tokens').digest('base64url');
  const old = new PlaybackTokens(secret, () => Date.now() - 3600_000).issue(assetId, 60);
  const expired = new URL(playUrl);
  expired.searchParams.set('token', old.token);
  const refused = await fetch(expired, { headers: { origin } });
  assert.equal(refused.status, 403);
  assert.equal(refused.headers.get('access-control-allow-origin'), '*');
  const seen = await playIn(await browser!.newPage().then(async (p) => (await p.goto(`${origin}/`), p)), expired.toString());
  assert.deepEqual(seen.errors, ['manifestLoadError 403']);
});
