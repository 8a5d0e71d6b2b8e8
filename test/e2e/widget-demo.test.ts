// End to end: the demo page in Chromium against the real server (in-process, port 0, fresh
// database, DEMO_MODE on), two browser contexts, the live channel, HLS through hls.js, and the
// outbox surviving a reload.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BOX_STEP, NO_CHROMIUM, exerciseId as demoExerciseId, openDemo, seek, startDemo, type DemoBrowser } from '../helpers/demo-browser.ts';

let demo: DemoBrowser;
let base = '';
let browser: Browser;

before(async () => {
  if (NO_CHROMIUM) return;
  demo = await startDemo(['production', 'classic']);
  ({ base, browser } = demo);
  // The manifest from these sources too (the next test reads it).
  spawnSync('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs']);
});

after(async () => {
  if (NO_CHROMIUM) return;
  await demo?.close();
});

test('the scripts are served to any origin', { skip: NO_CHROMIUM }, async () => {
  for (const file of ['exercise-thread.js', 'exercise-thread.classic.js', 'custom-elements.json']) {
    const res = await fetch(`${base}/widget/${file}`, { headers: { origin: 'https://lms.example.edu' } });
    assert.equal(res.status, 200, file);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
  }
});

test('custom-elements.json lists the element’s public events, typed, and none of its internal state', { skip: NO_CHROMIUM }, () => {
  const manifest = JSON.parse(readFileSync('dist/widget/custom-elements.json', 'utf8')) as {
    modules: { declarations?: { tagName?: string; events?: { name: string; type?: { text: string } }[]; members?: { name: string; privacy?: string }[] }[] }[];
  };
  const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'exercise-thread')!;
  const events = Object.fromEntries((element.events ?? []).map((e) => [e.name, e.type?.text]));
  assert.deepEqual(Object.keys(events).sort(), ['comment-sent', 'playback-error', 'thread-changed', 'token-expired']);
  assert.match(events['playback-error']!, /kind: 'not-found' \| 'forbidden' \| 'network' \| 'decode' \| 'unsupported'; message: string/);
  assert.match(events['thread-changed']!, /threadId: string/);
  const visible = (element.members ?? []).filter((m) => m.privacy !== 'private').map((m) => m.name);
  for (const internal of ['currentTime', 'replyTo', 'announcement', 'range', 'duration', 'thread', 'exercise', 'playback', 'catalogue']) assert.ok(!visible.includes(internal), internal);
});

const exerciseId = (title: RegExp) => demoExerciseId(base, title);
const open = (context: BrowserContext, as: string, exercise = BOX_STEP): Promise<Page> => openDemo(base, context, as, exercise);

async function apiComments(as: string): Promise<{ body: string; t_start: number; t_end: number }[]> {
  const token = await (await fetch(`${base}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as }) })).json();
  const headers = { authorization: `Bearer ${token.access_token}` };
  const exerciseId = token.exercises.find((e: { title: string }) => BOX_STEP.test(e.title)).id;
  const threads = await (await fetch(`${base}/api/v1/threads?exercise_video_id=${exerciseId}`, { headers })).json();
  const comments = await (await fetch(`${base}/api/v1/threads/${threads.data[0].id}/comments?limit=200`, { headers })).json();
  return comments.data;
}

test('a range comment posted by a learner appears live for the instructor, whose click on it seeks', { skip: NO_CHROMIUM }, async () => {
  const learner = await open(await browser.newContext(), 'learner-1');
  const instructor = await open(await browser.newContext(), 'instructor');
  await instructor.getByRole('button', { name: /Sam Rivera/ }).waitFor();

  await seek(learner, 2);
  await learner.getByRole('button', { name: 'Set in point' }).click();
  await seek(learner, 4.5);
  await learner.getByRole('button', { name: 'Set out point' }).click();
  await learner.getByLabel('Comment from 00:02.0 to 00:04.5').fill('Weight shifts too early here');
  await learner.getByRole('button', { name: 'Send' }).click();

  const seen = instructor.locator('et-comment', { hasText: 'Weight shifts too early here' });
  await seen.waitFor();
  assert.match(await seen.locator('.timecode').innerText(), /00:02\.0–00:04\.5/);
  const stored = (await apiComments('learner-1')).find((c) => c.body === 'Weight shifts too early here');
  assert.deepEqual([stored?.t_start, stored?.t_end], [2, 4.5]);

  await seen.getByRole('button', { name: /Go to 00:02\.0/ }).click();
  await instructor.waitForFunction(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v && Math.abs(v.currentTime - 2) < 0.05;
  });
  // The timeline has a range marker for it.
  assert.equal(await instructor.locator('et-timeline .marker.range').count(), 1);
});

test('an HLS exercise plays through hls.js, loaded lazily as its own chunk', { skip: NO_CHROMIUM }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
  await page.goto(`${base}/demo/?as=learner-2&exercise=${await exerciseId(BOX_STEP)}`);
  await page.locator('exercise-thread et-comment-list').waitFor();
  assert.ok(!scripts.some((s) => /\/chunks\/hls-[^/]*\.js$/.test(s) && !s.includes('hls-player')), 'hls.js is not loaded for an MP4 exercise');

  await page.getByRole('link', { name: /Golf swing/ }).click();
  const video = page.locator('exercise-thread et-video-surface video');
  await page.waitForFunction(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v?.dataset.engine === 'hls.js';
  });
  assert.ok(scripts.some((s) => /\/widget\/chunks\/hls-(?!player)[^/]*\.js$/.test(s)), `hls.js chunk requested: ${scripts.join(', ')}`);
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await page.waitForFunction(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v && v.currentTime > 1 && v.src.startsWith('blob:');
  });
  await context.close();
});

test('a comment typed while the API is unreachable survives a reload and is sent once', { skip: NO_CHROMIUM }, async () => {
  const context = await browser.newContext();
  const page = await open(context, 'learner-2');
  await page.route('**/api/v1/comments', (route) => route.abort('internetdisconnected'));
  await seek(page, 3);
  await page.getByLabel('Comment at 00:03.0').fill('Typed offline, kept safe');
  await page.getByRole('button', { name: 'Send' }).click();
  const pending = page.locator('et-comment', { hasText: 'Typed offline, kept safe' });
  await pending.getByText('Not sent yet').waitFor();
  await pending.getByRole('button', { name: 'Retry' }).waitFor();
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('et-outbox')).map((k) => localStorage.getItem(k)));
  assert.match(stored.join(''), /Typed offline, kept safe/);

  await page.unroute('**/api/v1/comments');
  let posts = 0;
  page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/comments') && posts++);
  await page.reload();
  const sent = page.locator('et-comment', { hasText: 'Typed offline, kept safe' });
  await sent.locator('time').waitFor(); // a sent comment shows its creation time; a pending one does not
  await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('et-outbox')));
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('et-demo-session')!).access_token as string);
  const threads = await (await fetch(`${base}/api/v1/threads`, { headers: { authorization: `Bearer ${token}` } })).json();
  const comments = await (await fetch(`${base}/api/v1/threads/${threads.data[0].id}/comments`, { headers: { authorization: `Bearer ${token}` } })).json();
  assert.equal(comments.data.filter((c: { body: string }) => c.body === 'Typed offline, kept safe').length, 1);
  assert.equal(posts, 1);
  await context.close();
});

test('/demo and the Moodle page land showing the element for the first learner, on either loopback name; "View as" switches user', { skip: NO_CHROMIUM }, async () => {
  // The server's public URL is 127.0.0.1; a newcomer may type localhost (or the other way round).
  const alias = base.replace('127.0.0.1', 'localhost');
  for (const url of [`${base}/demo/`, `${alias}/demo/`, `${alias}/demo/moodle.html`]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    // A video replaced on switching user aborts its own request: that is no failure.
    page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && failed.push(`${r.failure()?.errorText} ${r.url()}`));
    await page.goto(url);
    // No click: the first learner's first exercise, its video loaded and a comment box ready.
    await page.getByRole('status').filter({ hasText: 'Sam Rivera' }).waitFor();
    await page.locator('exercise-thread et-composer textarea').waitFor();
    await page.waitForFunction(() => {
      const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
      return v && v.readyState >= 1;
    });
    assert.match(await page.locator('nav a[aria-current]').innerText(), BOX_STEP);

    await page.getByLabel('View as').selectOption('instructor');
    await page.getByRole('status').filter({ hasText: 'Maya Okafor' }).waitFor();
    await page.locator('exercise-thread').getByRole('button', { name: /Sam Rivera|Lea Novak/ }).first().waitFor();
    assert.deepEqual(failed, [], `${url}: every request answered (favicon, media, API, live channel)`);
    await context.close();
  }
  const icon = await fetch(`${base}/favicon.ico`);
  assert.equal(icon.status, 200);
  assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
});
