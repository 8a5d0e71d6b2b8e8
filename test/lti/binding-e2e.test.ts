// The browser binding in Chromium with third-party cookies blocked (--test-third-party-cookie-phaseout):
// the tool on http://localhost, the platforms on http://127.0.0.1 (other sites). One platform
// offers the postMessage platform storage (lti_storage_target), the other does not (the tool
// falls back to its partitioned cookie). A login's id_token and state, captured in one browser
// context, are refused in another.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Frame, type FrameLocator, type Page } from 'playwright-core';
import { createApp } from '../../api/src/app.ts';
import { createContainer } from '../../api/src/container.ts';
import { TestPlatform } from '../../embed-demo/canvas/test-platform.ts';
import { testConfig } from '../helpers/context.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { registerTestPlatform, SHARED_PROCESS_FRAMES } from './lti-fixture.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NO_CHROMIUM = existsSync(CHROMIUM) ? false : `needs Chromium at ${CHROMIUM} (Debian package \`chromium\`)`;

let db: TestDatabase;
let server: Server;
let browser: Browser;
let tool = '';
const platforms: Record<'storage' | 'cookie', TestPlatform> = {} as never;

before(async () => {
  if (NO_CHROMIUM) return;
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tool = `http://localhost:${(server.address() as AddressInfo).port}`;
  db = await freshDatabase();
  const c = createContainer(testConfig({ PUBLIC_URL: tool }), db, () => {});
  server.on('request', createApp(c, { onUnexpected: (e) => console.error(e) }));
  const { tenant } = await c.tenants.create({ name: 'Two LMSs', allowedOrigins: [tool] });
  const staff = await c.repositories.users.upsert({ tenant_id: tenant.id, external_id: 'staff-1', display_name: 'Staff', role: 'instructor' });
  const exercise = await db.knex.transaction((trx) =>
    c.repositories.exercises.insert({ tenant_id: tenant.id, creator_id: staff.id, title: 'Monologue', description: '', source_type: 'url', source_url: `${tool}/demo/media/sample.mp4` }, trx),
  );
  for (const kind of ['storage', 'cookie'] as const) {
    const p = await new TestPlatform({ toolUrl: tool, storageTarget: kind === 'storage', clientId: `client-${kind}` }).start();
    await registerTestPlatform(c, p, tenant.id);
    (p.links[0] as { custom: Record<string, string> }).custom = { exercise_id: exercise.id };
    platforms[kind] = p;
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--test-third-party-cookie-phaseout', ...SHARED_PROCESS_FRAMES],
  });
});

after(async () => {
  if (NO_CHROMIUM) return;
  await browser?.close();
  for (const p of Object.values(platforms)) await p.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await db?.close();
});

function toolFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().startsWith(`${tool}/lti/`));
  assert.ok(frame, 'the tool is framed');
  return frame;
}

/** Opens the course page as the learner in a fresh browser context and waits for the launched element. */
async function launchIn(kind: 'storage' | 'cookie'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  // What the browser saw, for the message of a launch that never opens.
  const seen: string[] = [];
  const at = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const started = Date.now();
  page.on('console', (m) => seen.push(`${at()} console.${m.type()}: ${m.text().slice(0, 200)}`));
  page.on('pageerror', (e) => seen.push(`${at()} pageerror: ${e.message.slice(0, 200)}`));
  page.on('crash', () => seen.push(`${at()} the page crashed`));
  page.on('requestfailed', (r) => seen.push(`${at()} failed ${r.method()} ${r.url().slice(0, 120)}: ${r.failure()?.errorText}`));
  page.on('response', (r) => seen.push(`${at()} ${r.status()} ${r.request().method()} ${r.url().slice(0, 120)}`));
  page.on('framenavigated', (f) => seen.push(`${at()} frame at ${f.url().slice(0, 120)}`));
  await page.goto(`${platforms[kind].url}/course?as=learner&link=link-week-1`);
  // Generous: in CI this file shares two cores with another suite and a browser (4–5 s alone).
  await page.frameLocator('iframe.tool').locator('exercise-thread[token]').waitFor({ state: 'attached', timeout: 90_000 }).catch(async (error: unknown) => {
    // Say what the tool's frame shows instead (the refusal page, an error, the check still running).
    const within = <T,>(p: Promise<T>) => Promise.race([p, new Promise<string>((resolve) => setTimeout(() => resolve('(no answer in 5 s)'), 5_000))]);
    const shown = await Promise.all(
      page.frames().map(async (f) => `${f.url()}: ${await within(f.evaluate(() => `${document.readyState} ${document.body?.innerHTML.slice(0, 400)}`).catch((e: Error) => `(${e.message.slice(0, 100)})`))}`),
    );
    throw new Error(`no launched element; the frames show:\n${shown.join('\n')}\nwhat the page saw:\n${seen.join('\n')}`, { cause: error });
  });
  return page;
}

/** A login in a fresh context whose launch post is captured and stopped before the tool sees it. */
async function captureLaunch(kind: 'storage' | 'cookie'): Promise<Record<string, string>> {
  const page = await (await browser.newContext()).newPage();
  const captured = new Promise<Record<string, string>>((resolve) => {
    void page.route(`${tool}/lti/launch`, async (route) => {
      resolve(Object.fromEntries(new URLSearchParams(route.request().postData() ?? '')));
      await route.abort();
    });
  });
  await page.goto(`${platforms[kind].url}/course?as=learner&link=link-week-1`);
  const fields = await captured;
  await page.context().close();
  return fields;
}

/** The captured launch is posted into the tool's iframe of `page` (a forged form would do the same). */
async function replayInto(page: Page, fields: Record<string, string>): Promise<FrameLocator> {
  const posted = page.waitForResponse((r) => r.url() === `${tool}/lti/launch` && r.request().method() === 'POST');
  await toolFrame(page).evaluate(
    ({ action, fields }) => {
      const form = document.createElement('form');
      Object.assign(form, { method: 'post', action });
      for (const [name, value] of Object.entries(fields)) form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
      document.body.append(form);
      form.submit();
    },
    { action: `${tool}/lti/launch`, fields },
  );
  await posted;
  return page.frameLocator('iframe.tool');
}

test('postMessage platform storage: state and nonce go through the platform frame; no cookie is needed or set', { skip: NO_CHROMIUM }, async () => {
  const page = await launchIn('storage');
  const frame = toolFrame(page);
  assert.equal(new URL(frame.url()).pathname, '/lti/launch');
  assert.equal(await frame.evaluate(() => document.getElementById('binding-checking')), null, 'the check ran and the activity opened');
  assert.equal(await frame.evaluate(() => typeof (document.querySelector('exercise-thread') as { tokenProvider?: unknown }).tokenProvider), 'function', 'the page’s renewal script ran');
  const cookies = await page.context().cookies(tool);
  assert.deepEqual(cookies.filter((c) => c.name === 'lti_browser'), []);
  await page.context().close();
});

test('partitioned cookie: without platform storage the login binds through a CHIPS cookie, which survives the third-party cookie block', { skip: NO_CHROMIUM }, async () => {
  const page = await launchIn('cookie');
  const frame = toolFrame(page);
  // Unpartitioned third-party cookies really are blocked in this browser…
  assert.equal(await frame.evaluate(() => ((document.cookie = 'probe=1; SameSite=None; Secure; Path=/'), document.cookie)), '');
  // …and the tool's partitioned one is what bound the launch.
  const cookies = await page.context().cookies();
  assert.ok(cookies.some((c) => c.name === 'lti_browser'), JSON.stringify(cookies));
  await page.context().close();
});

for (const kind of ['storage', 'cookie'] as const) {
  test(`${kind}: a launch captured in one browser context is refused in another, with a clear page`, { skip: NO_CHROMIUM }, async () => {
    const fields = await captureLaunch(kind);
    assert.ok(fields.id_token && fields.state);
    // The other person's browser, with its own launch already open (its own binding).
    const page = await launchIn(kind);
    const frame = await replayInto(page, fields);
    if (kind === 'storage') {
      await frame.locator('#binding-refused').waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await frame.locator('#binding-refused').innerText(), /not started in this browser/);
      assert.equal(await frame.locator('exercise-thread').count(), 0);
    } else {
      await frame.getByText(/started in another browser/).waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('exercise-thread').count(), 0);
    }
    await page.context().close();
  });
}
