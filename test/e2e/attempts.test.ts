// End to end: learners' attempts in <exercise-thread>, in Chromium with its fake camera and
// microphone, against the real server in-process (port 0, fresh database, local storage in a
// folder of its own, the live channel). A learner records and sends an attempt, the instructor
// comments at a moment of it and the learner sees that comment live there; a chosen file's upload
// survives a dropped connection and a reload (resumed, not restarted); a reload in the middle of
// sending a recording sends it after the reload, once; so does a reload before the POST of the
// attempt is answered (its Idempotency-Key replays it). A learner deletes an attempt from the element.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { NO_CHROMIUM } from '../helpers/demo-browser.ts';
import { axeViolations } from '../helpers/demo-server.ts';
import { startPartnerPage, type PartnerPage } from '../helpers/partner-page.ts';
import { mintToken, NEEDS_FFMPEG, tempDir, waitFor } from '../media/helpers.ts';

const SKIP = NO_CHROMIUM || NEEDS_FFMPEG;
const PART_BYTES = 5 * 1024 * 1024;
const temp = tempDir('e2e-attempts');
let site: PartnerPage;

before(async () => {
  if (SKIP) return;
  // The course page also serves the model video; Chromium records from its fake camera and microphone.
  site = await startPartnerPage({
    dir: temp.dir,
    config: { MEDIA_PART_BYTES: String(PART_BYTES) },
    files: { '/model.mp4': 'embed-demo/media/sample.mp4' },
    chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
});

after(async () => {
  if (SKIP) return;
  await site?.close();
  temp.remove();
});

/** An exercise (the sample as its model) with the given limit, and a learner and its author's tokens. */
async function world(learnerId: string, maxSeconds: number | null) {
  const teacher = await mintToken({ url: site.base }, site.apiKey, 'teacher', 'instructor');
  const learner = await mintToken({ url: site.base }, site.apiKey, learnerId, 'learner');
  const res = await fetch(`${site.base}/api/v1/exercises`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${teacher.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: `Box step (${learnerId})`, source: { type: 'url', url: `${site.origin}/model.mp4` }, duration: 12, max_attempt_seconds: maxSeconds }),
  });
  assert.equal(res.status, 201);
  const ex = (await res.json()) as { id: string };
  return { exerciseId: ex.id, teacher, learner };
}

async function open(context: BrowserContext, token: string, exerciseId: string, who: string): Promise<Page> {
  const p = await context.newPage();
  p.on('pageerror', (e) => console.error(`[${who}] page error:`, e));
  await p.goto(`${site.origin}/?token=${token}&exercise=${exerciseId}`);
  await p.locator('exercise-thread et-timeline').waitFor({ timeout: 30_000 });
  return p;
}

/** The element's video: where it is, and what it plays. */
const video = (p: Page) =>
  p.evaluate(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v ? { src: v.currentSrc, time: v.currentTime, paused: v.paused, ready: v.readyState, duration: v.duration } : undefined;
  });

/** A learner's attempts, with their media's status and probed duration (seconds). */
async function attemptsOf(learner: string): Promise<{ id: string; media_asset_id: string; status: string; duration: number | null }[]> {
  const rows = await site
    .knex('attempts')
    .join('personal_exercise_threads as t', 't.id', 'attempts.thread_id')
    .join('users', 'users.id', 't.owner_id')
    .join('media_assets as m', 'm.id', 'attempts.media_asset_id')
    .where('users.external_id', learner)
    .select('attempts.id', 'attempts.media_asset_id', 'm.status', 'm.duration_ms');
  return rows.map((r: { id: string; media_asset_id: string; status: string; duration_ms: number | null }) => ({ ...r, duration: r.duration_ms === null ? null : r.duration_ms / 1000 }));
}

test('a learner records a 10 s attempt, sends it and sees it play; the instructor comments at a moment of it, and the learner sees it there, live', { skip: SKIP, timeout: 180_000 }, async () => {
  const w = await world('rec-learner', 10);
  const learnerContext = await site.browser.newContext();
  const teacherContext = await site.browser.newContext();
  const learner = await open(learnerContext, w.learner.token, w.exerciseId, 'learner');

  await learner.getByRole('button', { name: 'Record an attempt' }).click();
  await learner.getByRole('button', { name: 'Stop recording' }).waitFor();
  // The exercise's limit (10 s) stops the recording; the take is watched before it goes.
  await learner.getByRole('button', { name: 'Send attempt' }).waitFor({ timeout: 30_000 });
  await learner.getByRole('button', { name: 'Retake' }).waitFor();
  assert.deepEqual(await axeViolations(learner), [], 'axe finds nothing with the recorder open on a take');
  await learner.getByRole('button', { name: 'Send attempt' }).click();
  await learner.locator('et-attempt-recorder').getByText('Attempt sent.').waitFor({ timeout: 60_000 });

  // Sent: the select shows it and the player plays its original (WebM) while the ladder would be made.
  const select = learner.getByRole('combobox', { name: 'Attempt' });
  await learner.waitForFunction(() => {
    const s = document.querySelector('exercise-thread')!.shadowRoot!.querySelector<HTMLSelectElement>('.attempts select');
    return s?.selectedOptions[0]?.textContent === 'Attempt 1';
  }, undefined, { timeout: 60_000 });
  assert.deepEqual(await select.locator('option').allTextContents(), ['Model video', 'Attempt 1']);
  assert.deepEqual(await axeViolations(learner), [], 'axe finds nothing with the Attempt select and the recorder');
  const [row] = await attemptsOf('rec-learner');
  assert.ok(row, 'one attempt');
  assert.ok(row.duration! > 9 && row.duration! < 11.5, `about 10 s recorded: ${row.duration}`);
  await learner.waitForFunction(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v && v.readyState >= 1 && v.currentSrc.includes('/storage/');
  }, undefined, { timeout: 30_000 });
  await learner.locator('exercise-thread et-video-surface video').evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await learner.waitForFunction(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v && !v.paused && v.currentTime > 1;
  }, undefined, { timeout: 30_000 });
  await learner.locator('exercise-thread et-video-surface video').evaluate((v: HTMLVideoElement) => v.pause());

  // The instructor: the switcher lists the attempt as awaiting feedback; they open it and comment at 3 s.
  const teacher = await open(teacherContext, w.teacher.token, w.exerciseId, 'teacher');
  await teacher.locator('et-thread-switcher').getByText('Attempt 1 (awaiting feedback)').waitFor({ timeout: 30_000 });
  await teacher.getByRole('combobox', { name: 'Attempt' }).selectOption({ label: 'Attempt 1' });
  await teacher.waitForFunction(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v && v.readyState >= 1 && v.currentSrc.includes('/storage/');
  }, undefined, { timeout: 30_000 });
  // Under load the attempt's video may still be settling (a late time update from its load): seek
  // again until the composer reads 3 s, as a user would.
  const at3 = teacher.getByLabel('Comment at 00:03.0');
  for (const deadline = Date.now() + 30_000; ; ) {
    await teacher.locator('exercise-thread').evaluate((el) => (el as HTMLElement & { seek(t: number): void }).seek(3));
    if (await at3.waitFor({ timeout: 2_000 }).then(() => true, () => false)) break;
    assert.ok(Date.now() < deadline, 'the composer reads 3 s after seeking there');
  }
  await at3.fill('Knees softer here');
  await teacher.getByRole('button', { name: 'Send' }).click();
  await teacher.locator('et-comment', { hasText: 'Knees softer here' }).locator('time').waitFor();
  const [comment] = await site.knex('video_comments').where({ body: 'Knees softer here' });
  assert.equal(comment.attempt_id, row.id, 'posted on the attempt');
  assert.equal(comment.t_start_ms, 3000);

  // The learner, without reloading: the comment arrives live, on Attempt 1, at 3 s.
  const arrived = learner.locator('et-comment', { hasText: 'Knees softer here' });
  await arrived.waitFor({ timeout: 15_000 });
  await arrived.getByRole('button', { name: 'Go to 00:03.0' }).click();
  await learner.waitForFunction(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v && Math.abs(v.currentTime - 3) < 0.25;
  }, undefined, { timeout: 15_000 });
  assert.ok((await video(learner))!.src.includes('/storage/'), 'still the attempt playing');
  assert.equal(await learner.locator('exercise-thread').evaluate((el) => el.shadowRoot!.querySelector('et-comment-list')!.getAttribute('active-id')), comment.id, 'the comment is the one under the playhead');
  // The model's own comments do not include it.
  await select.selectOption({ label: 'Model video' });
  await learner.waitForFunction(() => !document.querySelector('exercise-thread')!.shadowRoot!.querySelector('et-comment-list')!.shadowRoot!.textContent!.includes('Knees softer here'));
  await learnerContext.close();
  await teacherContext.close();
});

test('a chosen file survives a dropped connection and a reload: the upload resumes without sending its parts again, and completes', { skip: SKIP, timeout: 180_000 }, async () => {
  const clip = path.join(temp.dir, 'noise.mp4');
  // Noise, losslessly: about 18 MB, so four 5 MB parts.
  const made = spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'nullsrc=s=640x360:r=25,geq=random(1)*255:128:128', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', clip]);
  assert.equal(made.status, 0, String(made.stderr));
  const w = await world('file-learner', null);
  const context = await site.browser.newContext();
  const puts: number[] = [];
  let offline = false;
  let drop = true;
  // Storage's part PUTs: counted; the second part's drops the connection, and nothing gets through until the reload.
  await context.route(/\/p\/[^/?]+\/(\d+)\?/, async (route) => {
    const n = Number(/\/p\/[^/?]+\/(\d+)\?/.exec(route.request().url())![1]);
    puts.push(n);
    if (n === 2 && drop) {
      drop = false;
      offline = true;
    }
    if (offline) return route.abort('internetdisconnected');
    await route.continue();
  });
  const p = await open(context, w.learner.token, w.exerciseId, 'learner');
  const chooser = p.waitForEvent('filechooser');
  await p.getByRole('button', { name: 'Choose a video file' }).click();
  await (await chooser).setFiles(clip);
  await p.getByRole('button', { name: 'Send attempt' }).click();
  await p.getByText(/Sending stopped/).waitFor({ timeout: 60_000 });
  assert.deepEqual([...new Set(puts)], [1, 2], 'part 1 went, part 2 was tried (with retries) and failed');
  assert.ok(puts.filter((n) => n === 2).length > 1, 'part 2 was tried again with backoff');
  const [pending] = await attemptsOf('file-learner');
  assert.equal(pending?.status, 'pending', 'the attempt waits for its upload');

  // The connection is back; the page reloads: the take comes from IndexedDB and its upload resumes.
  offline = false;
  puts.length = 0;
  await p.reload();
  await p.waitForFunction(() => {
    const s = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-attempt-recorder')?.shadowRoot?.textContent ?? '';
    return s.includes('Attempt sent.');
  }, undefined, { timeout: 60_000 });
  assert.deepEqual(puts.sort(), [2, 3, 4], 'only the parts storage did not hold');
  const rows = await attemptsOf('file-learner');
  assert.equal(rows.length, 1, 'one attempt');
  assert.notEqual(rows[0]!.status, 'pending', 'the upload completed');
  await context.close();
});

test('a reload in the middle of sending a recording: after the reload the take is sent, once', { skip: SKIP, timeout: 180_000 }, async () => {
  const w = await world('reload-learner', 3);
  const context = await site.browser.newContext();
  const posts: string[] = [];
  context.on('request', (r) => r.method() === 'POST' && /\/threads\/[^/]+\/attempts$/.test(new URL(r.url()).pathname) && posts.push(r.url()));
  let hold = true;
  // The part's PUT hangs: the page is reloaded while it is on its way.
  await context.route(/\/p\/[^/?]+\/\d+\?/, async (route) => {
    if (hold) return; // never answered
    await route.continue();
  });
  const p = await open(context, w.learner.token, w.exerciseId, 'learner');
  await p.getByRole('button', { name: 'Record an attempt' }).click();
  await p.getByRole('button', { name: 'Send attempt' }).waitFor({ timeout: 30_000 });
  await p.getByRole('button', { name: 'Send attempt' }).click();
  await p.getByText(/Sending your attempt/).waitFor();
  assert.equal(posts.length, 1);

  hold = false;
  await p.reload();
  await p.waitForFunction(() => {
    const s = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-attempt-recorder')?.shadowRoot?.textContent ?? '';
    return s.includes('Attempt sent.');
  }, undefined, { timeout: 60_000 });
  assert.equal(posts.length, 1, 'the attempt was created once');
  const rows = await attemptsOf('reload-learner');
  assert.equal(rows.length, 1, 'exactly one attempt');
  assert.notEqual(rows[0]!.status, 'pending', 'its upload completed');
  // Shown in the select, once.
  await p.waitForFunction(() => {
    const s = document.querySelector('exercise-thread')!.shadowRoot!.querySelector<HTMLSelectElement>('.attempts select');
    return s && [...s.options].map((o) => o.textContent).join() === 'Model video,Attempt 1';
  });
  await context.close();
});

test('a reload after the attempt’s POST reached the API but before its answer: the retry carries the same Idempotency-Key and makes no second attempt', { skip: SKIP, timeout: 180_000 }, async () => {
  const w = await world('lost-answer-learner', 3);
  const context = await site.browser.newContext();
  const keys: string[] = [];
  let hold = true;
  // The POST goes through to the API (which makes the attempt); while `hold`, its answer never reaches the page.
  await context.route(/\/threads\/[^/]+\/attempts$/, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    keys.push(request.headers()['idempotency-key'] ?? '');
    // Decided as the request arrives: the API commits the attempt before its answer is back here,
    // and the test lets go of `hold` on seeing that row, so reading it after the fetch would race.
    const held = hold;
    const response = await route.fetch();
    if (held) return; // never answered
    await route.fulfill({ response });
  });
  const p = await open(context, w.learner.token, w.exerciseId, 'learner');
  await p.getByRole('button', { name: 'Record an attempt' }).click();
  await p.getByRole('button', { name: 'Send attempt' }).waitFor({ timeout: 30_000 });
  await p.getByRole('button', { name: 'Send attempt' }).click();
  // The API made the attempt; the page does not know it yet.
  for (let i = 0; (await attemptsOf('lost-answer-learner')).length === 0; i++) {
    assert.ok(i < 100, 'the first POST reached the API');
    await p.waitForTimeout(100);
  }

  hold = false;
  await p.reload();
  // After the reload the take is sent again, and its upload completes.
  const rows = await waitFor('the upload complete', async () => {
    const now = await attemptsOf('lost-answer-learner');
    return now.some((r) => r.status !== 'pending') ? now : undefined;
  });
  assert.equal(rows.length, 1, 'exactly one attempt');
  assert.equal(keys.length, 2, 'sent again after the reload');
  assert.match(keys[0]!, /^[\x21-\x7e]{1,200}$/);
  assert.equal(keys[1], keys[0], 'with the same key');
  await p.getByText('Attempt sent.').waitFor({ timeout: 30_000 });
  // Shown in the select, once (locators pierce the element's shadow roots).
  await p.locator('.attempts select option', { hasText: 'Attempt 1' }).waitFor({ state: 'attached' });
  assert.deepEqual(await p.locator('.attempts select option').allTextContents(), ['Model video', 'Attempt 1']);
  await context.close();
});

test('a learner deletes an attempt from the element, after confirming: it leaves the select, the model plays again, and the API no longer has it', { skip: SKIP, timeout: 180_000 }, async () => {
  const w = await world('delete-learner', 2);
  const context = await site.browser.newContext();
  const p = await open(context, w.learner.token, w.exerciseId, 'learner');
  await p.getByRole('button', { name: 'Record an attempt' }).click();
  await p.getByRole('button', { name: 'Send attempt' }).waitFor({ timeout: 30_000 });
  await p.getByRole('button', { name: 'Send attempt' }).click();
  await p.getByText('Attempt sent.').waitFor({ timeout: 60_000 });
  const [row] = await attemptsOf('delete-learner');
  assert.ok(row, 'one attempt');
  const select = p.getByRole('combobox', { name: 'Attempt' });
  await p.waitForFunction(() => document.querySelector('exercise-thread')!.shadowRoot!.querySelector<HTMLSelectElement>('.attempts select')?.selectedOptions[0]?.textContent === 'Attempt 1', undefined, { timeout: 60_000 });

  // "Delete attempt 1" asks first; "Delete" sends DELETE /attempts/:id.
  await p.getByRole('button', { name: 'Delete attempt 1' }).click();
  await p.getByText('Delete attempt 1? Its video will be deleted. This cannot be undone.').waitFor();
  assert.deepEqual(await axeViolations(p), [], 'axe finds nothing with the confirmation open');
  const deleted = p.waitForResponse((r) => r.request().method() === 'DELETE' && new URL(r.url()).pathname === `/api/v1/attempts/${row.id}`);
  await p.getByRole('button', { name: 'Delete', exact: true }).click();
  assert.equal((await deleted).status(), 204);

  // The last attempt gone: no select left, the model plays, the deletion is announced.
  await select.waitFor({ state: 'detached', timeout: 15_000 });
  await p.waitForFunction((model) => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v?.currentSrc === model;
  }, `${site.origin}/model.mp4`, { timeout: 15_000 });
  await p.getByText('Attempt 1 deleted.').waitFor({ state: 'attached' });
  assert.deepEqual(await attemptsOf('delete-learner'), [], 'the row is gone');
  const res = await fetch(`${site.base}/api/v1/attempts/${row.id}`, { headers: { Authorization: `Bearer ${w.learner.token}` } });
  assert.equal(res.status, 404, 'the API no longer has it');
  await context.close();
});
