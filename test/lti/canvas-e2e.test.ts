// End to end: the Canvas-style course page of the test platform (http://127.0.0.1:<port>) frames
// the tool (http://localhost:<port>, another site) in Chromium with third-party cookies blocked.
// The OIDC login and launch run inside the iframe; a learner comments, the instructor sees it, with
// the course roster in the switcher (a learner who never opened the tool "not started") and the
// "Grade" group, whose passback state moves from pending to sent live, as the gradebook takes it.
import assert from 'node:assert/strict';
import express from 'express';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../api/src/app.ts';
import { createContainer } from '../../api/src/container.ts';
import { widgetAssets } from '../../api/src/http/widget-assets.ts';
import { createLiveServer, type LiveServer } from '../../api/src/live/live-server.ts';
import { TestPlatform } from '../../embed-demo/canvas/test-platform.ts';
import { testConfig } from '../helpers/context.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { waitFor } from '../media/helpers.ts';
import { registerTestPlatform, SHARED_PROCESS_FRAMES } from './lti-fixture.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NO_CHROMIUM = existsSync(CHROMIUM) ? false : `needs Chromium at ${CHROMIUM} (Debian package \`chromium\`)`;

let db: TestDatabase;
let server: Server;
let live: LiveServer;
let platform: TestPlatform;
let browser: Browser;
let tool = '';
let widgetDir = '';
let container: ReturnType<typeof createContainer>;

before(async () => {
  if (NO_CHROMIUM) return;
  // The launch page loads the built element, as it does in production; built into a folder of
  // its own, since dist/ may be in use by test files running beside this one.
  widgetDir = await mkdtemp(path.join(tmpdir(), 'et-canvas-widget-'));
  await build({ configFile: 'vite.widget.config.ts', mode: 'production', logLevel: 'error', build: { outDir: widgetDir, emptyOutDir: true } });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tool = `http://localhost:${(server.address() as AddressInfo).port}`;
  db = await freshDatabase();
  const c = createContainer(testConfig({ PUBLIC_URL: tool }), db, () => {});
  container = c;
  // As server.ts does: the passback worker posts grades to the platform's gradebook.
  await c.grades.passback.start();
  server.on('request', express().use('/widget', widgetAssets(widgetDir)).use(createApp(c, { onUnexpected: (e) => console.error(e) })));
  live = await createLiveServer(server, c, { onError: () => {} });

  platform = await new TestPlatform({ toolUrl: tool }).start();
  const { tenant } = await c.tenants.create({ name: 'Canvas School', allowedOrigins: [tool] });
  await registerTestPlatform(c, platform, tenant.id);
  const staff = await c.repositories.users.upsert({ tenant_id: tenant.id, external_id: 'staff-1', display_name: 'Staff', role: 'instructor' });
  const exercise = await db.knex.transaction((trx) =>
    c.repositories.exercises.insert(
      { tenant_id: tenant.id, creator_id: staff.id, title: 'Monologue', description: '', source_type: 'url', source_url: `${tool}/demo/media/sample.mp4` },
      trx,
    ),
  );
  (platform.links[0] as { custom: Record<string, string> }).custom = { exercise_id: exercise.id };

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      // Chrome's third-party cookie phase-out, as Safari does by default: no cookies in the iframe.
      '--test-third-party-cookie-phaseout',
      ...SHARED_PROCESS_FRAMES,
    ],
  });
});

after(async () => {
  if (NO_CHROMIUM) return;
  await browser?.close();
  await platform?.close();
  await live?.close();
  await container?.grades.passback.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await db?.close();
  if (widgetDir) await rm(widgetDir, { recursive: true, force: true });
});

async function openCourse(as: 'learner' | 'instructor'): Promise<{ page: Page; frame: FrameLocator }> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => console.error(`[${as}] page error:`, e));
  await page.goto(`${platform.url}/course?as=${as}&link=link-week-1`);
  const frame = page.frameLocator('iframe.tool');
  await frame.locator('exercise-thread et-timeline').waitFor({ timeout: 30_000 });
  return { page, frame };
}

test('in a Canvas-style page with third-party cookies blocked, a learner comments through LTI and the instructor sees it', { skip: NO_CHROMIUM }, async () => {
  const learner = await openCourse('learner');

  // The iframe really is cross-site and cookie-less: a cookie the tool's frame sets does not stick.
  const toolFrame = learner.page.frames().find((f) => f.url().startsWith(tool));
  assert.ok(toolFrame, 'the tool is framed');
  const cookie = await toolFrame.evaluate(() => {
    document.cookie = 'probe=1; SameSite=None; Secure; Path=/';
    return document.cookie;
  });
  assert.equal(cookie, '', 'third-party cookies are blocked in this browser');
  assert.equal(new URL(toolFrame.url()).pathname, '/lti/launch');

  await learner.frame.locator('exercise-thread et-composer textarea').fill('Breath before the last line');
  await learner.frame.getByRole('button', { name: 'Send' }).click();
  await learner.frame.locator('et-comment', { hasText: 'Breath before the last line' }).locator('time').waitFor();
  // Her first comment tells the gradebook her work is submitted (a queued job). Wait for it before
  // the instructor grades: a grade saved first would rightly make the job skip it (no score would
  // clear the grade), and on a loaded CI machine the queue was seen to take that long.
  await waitFor('the submission to reach the gradebook', async () => ([...platform.services.scores.values()].flat().some((x) => x.activityProgress === 'Submitted') || undefined), 30_000);

  const instructor = await openCourse('instructor');
  // The switcher lists the learner's thread (the instructor became a co-author at launch).
  await instructor.frame.getByRole('button', { name: /^Ada Learner \d+ comment/ }).click();
  await instructor.frame.locator('et-comment', { hasText: 'Breath before the last line' }).waitFor();

  // The course roster (NRPS) in the switcher: Grace never opened the tool; she is listed, not openable.
  const switcher = instructor.frame.getByRole('navigation', { name: 'Student threads' });
  const grace = switcher.getByRole('listitem').filter({ hasText: 'Grace Newcomer' });
  await grace.waitFor();
  assert.match((await grace.textContent())!.replace(/\s+/g, ' '), /Grace Newcomer not started/);
  assert.equal(await grace.getByRole('button').count(), 0, 'only a learner starts their thread');
  assert.equal(await switcher.getByRole('button', { name: /^Ada Learner/ }).count(), 1, 'Ada is listed once, by her thread');

  // The "Grade" group: a score goes to the platform's gradebook; the status follows it live.
  const group = instructor.frame.getByRole('group', { name: 'Grade' });
  await group.getByRole('status').filter({ hasText: 'Not graded yet.' }).waitFor();
  await group.getByRole('spinbutton', { name: 'Score' }).fill('8');
  await group.getByRole('textbox', { name: 'Grade comment' }).fill('Good breath control.');
  await group.getByRole('button', { name: 'Save grade' }).click();
  // The save answers "pending" (the passback is queued after the answer is made): only the live
  // event grade:updated can bring "sent" to this page, which never reloads the grade.
  await group.getByRole('status').filter({ hasText: 'Saved and in the gradebook.' }).waitFor({ timeout: 20_000 });
  const scores = [...platform.services.scores.values()].flat();
  // Ada's first comment told the gradebook her work was submitted (no score), well before the grade.
  assert.deepEqual(
    scores.filter((x) => x.scoreGiven === undefined).map((x) => [x.userId, x.activityProgress, x.gradingProgress]),
    [['canvas-user-1001', 'Submitted', 'PendingManual']],
  );
  assert.deepEqual(
    scores.filter((x) => x.scoreGiven !== undefined).map((x) => [x.userId, x.scoreGiven, x.comment, x.activityProgress, x.gradingProgress]),
    [['canvas-user-1001', 8, 'Good breath control.', 'Completed', 'FullyGraded']],
  );

  // And the learner sees the instructor's reply live, without a reload.
  await instructor.frame.locator('exercise-thread et-composer textarea').fill('Yes, and hold it one beat longer');
  await instructor.frame.getByRole('button', { name: 'Send' }).click();
  await learner.frame.locator('et-comment', { hasText: 'Yes, and hold it one beat longer' }).waitFor();

  // The learner's access token goes bad mid-session (as when it expires; here its signature is
  // broken): the launch page renews it through /lti/token, and the next comment lands, no relaunch.
  const broken = await toolFrame.evaluate(() => {
    const el = document.querySelector('exercise-thread') as HTMLElement & { token: string; tokenProvider?: unknown };
    if (typeof el.tokenProvider !== 'function') return 'the launch page set no tokenProvider';
    el.token = `${el.token.slice(0, -4)}${el.token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    return 'broken';
  });
  assert.equal(broken, 'broken');
  await learner.frame.locator('exercise-thread et-composer textarea').fill('Sent after the token was renewed');
  await learner.frame.getByRole('button', { name: 'Send' }).click();
  await instructor.frame.locator('et-comment', { hasText: 'Sent after the token was renewed' }).waitFor();
});
