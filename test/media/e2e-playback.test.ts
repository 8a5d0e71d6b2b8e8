import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { makeVideo, mintToken, NEEDS_FFMPEG, startMediaApp, tempDir, uploadFile, waitFor, type MediaContext } from './helpers.ts';

// Upload a generated clip, wait for the HLS ladder, and play the signed playback URL in Chromium
// with hls.js (the library the element's HLS player uses).

const CHROMIUM = '/usr/bin/chromium';
const NEEDS_CHROMIUM = existsSync(CHROMIUM) ? false : 'needs Chromium at /usr/bin/chromium';
const temp = tempDir('e2e-playback');
let ctx: MediaContext | undefined;
let browser: Browser | undefined;

after(async () => {
  await browser?.close();
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
    const H = (window as unknown as { Hls: any }).Hls;
    if (!H.isSupported()) return { error: 'MSE H.264 unsupported' };
    const v = document.querySelector('video')!;
    const hls = new H();
    const errors: string[] = [];
    hls.on(H.Events.ERROR, (_e: unknown, d: { fatal: boolean; details: string }) => d.fatal && errors.push(d.details));
    hls.loadSource(url);
    hls.attachMedia(v);
    await new Promise((r) => {
      hls.on(H.Events.MANIFEST_PARSED, r);
      hls.on(H.Events.ERROR, (_e: unknown, d: { fatal: boolean }) => d.fatal && r(undefined));
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
