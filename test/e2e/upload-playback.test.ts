// End to end: an instructor's <exercise-thread> without exercise-id, on a page of another origin
// (a partner's page), uploads an ffmpeg clip through the element, creates the exercise, sees it
// processing, then playing as signed HLS; and a learner's playback survives its signature expiring
// mid-video. The real server runs in-process on port 0 with a fresh database, the live channel and
// the media worker; Chromium is Debian's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { NO_CHROMIUM } from '../helpers/demo-browser.ts';
import { startPartnerPage, type PartnerPage } from '../helpers/partner-page.ts';
import { makeVideo, mintToken, NEEDS_FFMPEG, tempDir, uploadFile, waitFor } from '../media/helpers.ts';

const SKIP = NO_CHROMIUM || NEEDS_FFMPEG;
// The shortest signature the config allows: the second test waits it out.
const TTL_SECONDS = 30;

const temp = tempDir('e2e-upload');
let site: PartnerPage;

before(async () => {
  if (SKIP) return;
  site = await startPartnerPage({ dir: temp.dir, config: { MEDIA_URL_TTL_SECONDS: String(TTL_SECONDS) } });
  await site.startMediaWorker();
});

after(async () => {
  if (SKIP) return;
  await site?.close();
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
  const teacher = await mintToken({ url: site.base }, site.apiKey, 'teacher', 'instructor');
  const p = await site.browser.newPage();
  const puts: string[] = [];
  p.on('request', (r) => r.method() === 'PUT' && puts.push(new URL(r.url()).origin));
  await p.goto(`${site.origin}/?token=${teacher.token}`);
  await p.getByRole('heading', { name: 'New exercise' }).waitFor();

  await p.locator('exercise-thread et-upload input[type="file"]').setInputFiles(clip);
  await p.getByText('swing.mp4 uploaded.').waitFor({ timeout: 30_000 });
  assert.deepEqual(puts, [site.base], 'the part went straight to storage, cross-origin');
  await p.getByLabel('Title').fill('Golf swing');
  await p.getByRole('button', { name: 'Create exercise' }).click();

  // Processing (or already past it, on a fast machine) until the live status says ready.
  await p.getByRole('region', { name: 'Exercise thread: Golf swing' }).waitFor();
  const row = await site.knex('exercise_videos').where({ title: 'Golf swing' }).first();
  assert.ok(row?.media_asset_id, 'the exercise uses the uploaded asset');
  await p.locator('exercise-thread et-video-surface video').waitFor({ timeout: 60_000 });
  assert.equal((await site.knex('media_assets').where({ id: row.media_asset_id }).first()).status, 'ready');
  // hls.js may still be attaching its source when the video appears: a play() that this load
  // interrupts (AbortError) is asked again, as a person would press play again.
  for (let i = 0; ; i++) {
    const started = await p.locator('exercise-thread et-video-surface video').evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play().then(
        () => true,
        (e: Error) => (e.name === 'AbortError' ? false : Promise.reject(e)),
      );
    });
    if (started) break;
    assert.ok(i < 40, 'play() keeps being interrupted');
    await p.waitForTimeout(250);
  }
  await waitPlaying(p, 1);
  const state = await videoState(p);
  assert.equal(state?.engine, 'hls.js');
  assert.equal(state?.width, 320);
  await p.close();
});

test('when the signature expires mid-video, a fresh URL resumes at the same time, comments kept', { skip: SKIP }, async () => {
  const clip = path.join(temp.dir, 'long.mp4');
  makeVideo(clip, 20);
  const teacher = await mintToken({ url: site.base }, site.apiKey, 'teacher', 'instructor');
  const learner = await mintToken({ url: site.base }, site.apiKey, 'learner-1', 'learner');
  const up = await uploadFile({ url: site.base }, teacher.token, readFileSync(clip), 'long.mp4');
  assert.equal(up.status, 202);
  await waitFor('ready', async () => ((await site.knex('media_assets').where({ id: up.id }).first()).status === 'ready' ? true : undefined), 120_000);
  const auth = { Authorization: `Bearer ${teacher.token}`, 'Content-Type': 'application/json' };
  const ex = (await (await fetch(`${site.base}/api/v1/exercises`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Long take', source: { type: 'upload', media_asset_id: up.id } }) })).json()) as { id: string };

  const p = await site.browser.newPage();
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
  await p.goto(`${site.origin}/?token=${learner.token}&exercise=${ex.id}`);
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
