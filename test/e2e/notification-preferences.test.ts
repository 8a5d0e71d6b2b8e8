// End to end: "Email notifications" (issue 21) where a reader finds it, the built element on the
// demo page against the real server: a learner under their thread, an instructor under the inbox
// (with the digest); a change is saved through PATCH /me/notifications; axe-core finds nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, NO_CHROMIUM, startDemoServer, type DemoServer } from '../helpers/demo-server.ts';

let demo: DemoServer;

before(async () => {
  if (!NO_CHROMIUM) demo = await startDemoServer();
});

after(async () => {
  if (!NO_CHROMIUM) await demo?.close();
});

type Prefs = { reply_emails: boolean; digest: string };

test('a learner turns reply emails off under their thread; the API keeps it; axe clean', { skip: NO_CHROMIUM, timeout: 60_000 }, async () => {
  assert.equal((await demo.api<Prefs>('learner-1', 'GET', '/me/notifications')).reply_emails, true);
  const page = await (await demo.browser.newContext({ bypassCSP: true })).newPage();
  await page.goto(`${demo.base}/demo/?as=learner-1&exercise=0`);
  await page.locator('exercise-thread et-comment-list').waitFor();
  await page.getByText('Email notifications', { exact: true }).first().click();
  const box = page.getByRole('checkbox', { name: 'Email me when someone answers in my thread' });
  await page.waitForFunction(() => {
    const el = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-notification-preferences');
    return el?.shadowRoot?.querySelector('fieldset')?.getAttribute('aria-busy') === 'false';
  });
  assert.equal(await box.isChecked(), true);
  assert.equal(await page.locator('exercise-thread et-notification-preferences select').count(), 0, 'no digest for a learner');
  await box.uncheck();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  assert.equal((await demo.api<Prefs>('learner-1', 'GET', '/me/notifications')).reply_emails, false);
  assert.deepEqual(await axeViolations(page), []);
});

test('an instructor chooses the digest under the inbox', { skip: NO_CHROMIUM, timeout: 60_000 }, async () => {
  const page = await (await demo.browser.newContext()).newPage();
  await page.goto(`${demo.base}/demo/?as=instructor&exercise=inbox`);
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  await page.getByText('Email notifications', { exact: true }).first().click();
  const digest = page.locator('exercise-thread et-notification-preferences select');
  await page.waitForFunction(() => {
    const el = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-notification-preferences');
    return el?.shadowRoot?.querySelector('select:not([disabled])');
  });
  await digest.selectOption('weekly');
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  assert.equal((await demo.api<Prefs>('instructor', 'GET', '/me/notifications')).digest, 'weekly');
});
