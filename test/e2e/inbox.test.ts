// End to end: the instructor's inbox (issue 20) on the demo page in Chromium against the real
// server (in-process, port 0, fresh database, DEMO_MODE on) and its live channel: the order across
// two exercises, a learner's comment moving a thread to the top live, the triage keys (which leave
// the thread view's own keys alone), an axe-core audit, and a reply clearing the badge.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { axeViolations, deepActive, NO_CHROMIUM, startDemoServer, type DemoServer } from '../helpers/demo-server.ts';

let demo: DemoServer;

before(async () => {
  if (!NO_CHROMIUM) demo = await startDemoServer();
});

after(async () => {
  if (!NO_CHROMIUM) await demo?.close();
});

const session = (as: string) => demo.session(as);
const api = <T>(as: string, method: string, path: string, body?: object) => demo.api<T>(as, method, path, body);

/** A learner's comment in their own thread of the exercise titled `title`. */
async function learnerComments(as: string, title: RegExp, t: number, body: string): Promise<{ id: string; thread_id: string }> {
  const exercise = (await session(as)).exercises.find((e) => title.test(e.title))!;
  const thread = await api<{ id: string }>(as, 'POST', '/threads', { exercise_video_id: exercise.id });
  return api(as, 'POST', '/comments', { thread_id: thread.id, t_start: t, body });
}

const BOX = /Box step/;
const GOLF = /Golf swing/;

/** The inbox's rows, by their buttons' names, in the order shown. */
async function rows(page: Page): Promise<string[]> {
  return (await page.getByRole('list', { name: 'Inbox' }).getByRole('button', { name: /, / }).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

async function waitForRows(page: Page, expected: RegExp[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await rows(page);
    if (seen.length === expected.length && expected.every((re, i) => re.test(seen[i]!))) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`inbox rows ${JSON.stringify(seen)} never matched ${expected.join(', ')}`);
}

/** The button of the row the keys act on: focus follows it. */
async function focusedRow(page: Page): Promise<string> {
  return (await deepActive(page)).text;
}

const video = (page: Page) =>
  page.evaluate(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v ? { paused: v.paused, time: v.currentTime, ready: v.readyState } : undefined;
  });

test('the inbox: order across two exercises, triage keys, a live move to the top, axe clean; inside a thread k still plays', { skip: NO_CHROMIUM, timeout: 120_000 }, async () => {
  // Sam asks on the box step first, Lea on the golf swing after: both wait, the longest waiting first.
  const sam = await learnerComments('learner-1', BOX, 2, 'Is my weight transfer right?');
  await learnerComments('learner-2', GOLF, 1, 'Should my hips turn earlier?');

  // The golf swing is placed in an LMS course (as a Deep Linking launch would place it).
  const golf = (await session('instructor')).exercises.find((e) => GOLF.test(e.title))!;
  const { tenant_id } = await demo.knex('exercise_videos').where({ id: golf.id }).first('tenant_id');
  const [platform] = await demo.knex('lti_platforms')
    .insert({ tenant_id, issuer: 'https://lms.example', client_id: 'tool', auth_url: 'https://lms.example/auth', token_url: 'https://lms.example/token', jwks_url: 'https://lms.example/jwks' })
    .returning('id');
  const [context] = await demo.knex('lti_contexts').insert({ tenant_id, platform_id: platform.id, context_id: 'golf-101', title: 'Golf 101' }).returning('id');
  await demo.knex('lti_context_exercises').insert({ tenant_id, context_id: context.id, exercise_video_id: golf.id });

  // The demo's CSP refuses inline scripts: only the audit's injected axe-core is let through.
  const page = await (await demo.browser.newContext({ bypassCSP: true })).newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(`${demo.base}/demo/?as=instructor&exercise=inbox`);
  await waitForRows(page, [/^Sam Rivera, Box step/, /^Lea Novak, Golf swing/]);

  // No axe violations in the element's inbox (its shadow roots included).
  assert.deepEqual(await axeViolations(page), []);

  // The "Course" filter offers the LMS courses holding the instructor's exercises, and narrows to one.
  const course = page.getByRole('combobox', { name: 'Course' });
  await course.selectOption({ label: 'Golf 101' });
  await waitForRows(page, [/^Lea Novak, Golf swing/]);
  await course.selectOption({ index: 0 });
  await waitForRows(page, [/^Sam Rivera, Box step/, /^Lea Novak, Golf swing/]);

  // j and k move; e marks the row done: it stops waiting and goes below the one still waiting.
  await page.getByRole('button', { name: /^Sam Rivera, Box step/ }).focus();
  await page.keyboard.press('j');
  assert.match(await focusedRow(page), /^Lea Novak, Golf swing/);
  await page.keyboard.press('k');
  assert.match(await focusedRow(page), /^Sam Rivera, Box step/);
  await page.keyboard.press('e');
  await waitForRows(page, [/^Lea Novak, Golf swing/, /^Sam Rivera, Box step/]);
  const samDone = await api<{ data: { owner: { name: string }; awaiting_reply: boolean }[] }>('instructor', 'GET', '/inbox');
  assert.equal(samDone.data.find((i) => i.owner.name === 'Sam Rivera')?.awaiting_reply, false, 'e reached the API');
  await page.getByRole('button', { name: /^Lea Novak, Golf swing/ }).focus();
  await page.keyboard.press('e');
  await page.getByRole('button', { name: 'Mark done' }).first().waitFor({ state: 'detached' });

  // Nothing waits; Lea's thread is the latest. Sam writes again: his thread moves to the top, live.
  await waitForRows(page, [/^Lea Novak, Golf swing/, /^Sam Rivera, Box step/]);
  const again = await learnerComments('learner-1', BOX, 5, 'And the second count?');
  await waitForRows(page, [/^Sam Rivera, Box step/, /^Lea Novak, Golf swing/]);
  assert.equal(await page.getByRole('button', { name: 'Mark done' }).count(), 1);

  // Enter opens Sam's thread at his oldest unanswered comment; there k plays and pauses the video.
  await page.getByRole('button', { name: /^Sam Rivera, Box step/ }).focus();
  await page.keyboard.press('Enter');
  await page.locator('exercise-thread et-comment', { hasText: 'And the second count?' }).waitFor();
  await page.waitForFunction(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v && v.readyState >= 1 && Math.abs(v.currentTime - 5) < 0.05;
  });
  assert.ok(sam.id && again.id);
  await page.locator('exercise-thread et-timeline [role="slider"]').focus();
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video')?.paused === false);
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video')?.paused === true);
  assert.equal((await video(page))?.paused, true);

  // Back to the inbox, on Sam's row; r opens the thread replying to his oldest unanswered comment.
  await page.getByRole('button', { name: /Back to inbox/ }).click();
  await waitForRows(page, [/^Sam Rivera, Box step/, /^Lea Novak, Golf swing/]);
  await page.waitForFunction(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return /^Sam Rivera/.test(el?.textContent?.trim() ?? '');
  });
  await page.keyboard.press('r');
  const field = page.getByLabel('Replying to Sam Rivera');
  await field.waitFor();
  await page.waitForFunction(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.tagName === 'TEXTAREA';
  });
  await page.keyboard.type('Yes: shift on count 3.');
  await page.keyboard.press('Control+Enter');
  // Sent as a reply to Sam's comment, not as a comment of its own.
  // (Acknowledged: it carries the author's name, where the pending copy said "you".)
  await page.getByRole('list', { name: 'Replies to Sam Rivera' }).locator('et-comment', { hasText: 'Yes: shift on count 3.' }).filter({ hasText: 'Maya Okafor' }).waitFor();

  // The reply answered Sam: back in the inbox nothing waits any more.
  await page.getByRole('button', { name: /Back to inbox/ }).click();
  await waitForRows(page, [/^Sam Rivera, Box step/, /^Lea Novak, Golf swing/]);
  assert.equal(await page.getByRole('button', { name: 'Mark done' }).count(), 0);
});

test('the feedback bank in the composer: a snippet inserted with the keyboard, a marker drawn on the timeline in its colour that filters the list', { skip: NO_CHROMIUM, timeout: 120_000 }, async () => {
  const box = (await session('instructor')).exercises.find((e) => BOX.test(e.title))!;
  await api('instructor', 'POST', '/snippets', { title: 'Weight transfer', body: 'Shift your weight on count 3, not before.' });
  await api('instructor', 'POST', '/snippets', { title: 'Posture', body: 'Stand tall through the turn.' });
  const posture = await api<{ id: string }>('instructor', 'POST', '/markers', { scope: 'exercise', exercise_id: box.id, label: 'posture', color: '#e8710a' });
  await learnerComments('learner-1', BOX, 1, 'Before the marker');

  const page = await (await demo.browser.newContext()).newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(`${demo.base}/demo/?as=instructor&exercise=${box.id}`);
  await page.locator('exercise-thread et-comment', { hasText: 'Before the marker' }).waitFor();
  const markers = page.getByRole('group', { name: 'Markers' });
  await markers.getByRole('button', { name: 'posture' }).waitFor();

  // Ctrl+/ in the text field opens the snippets; typing searches, Enter inserts at the caret.
  await page.locator('exercise-thread et-composer textarea').focus();
  await page.keyboard.type('Nice. ');
  await page.keyboard.press('Control+/');
  await page.getByRole('combobox', { name: 'Search snippets' }).waitFor();
  await page.keyboard.type('weight');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('exercise-thread et-composer textarea').inputValue(), 'Nice. Shift your weight on count 3, not before.');
  assert.equal((await deepActive(page)).tag, 'TEXTAREA', 'typing goes on in the text field');
  assert.equal(await page.getByRole('button', { name: 'Insert snippet' }).count(), 1);

  // A toggle in the group "Markers"; the comment is sent with it.
  const toggle = markers.getByRole('button', { name: 'posture' });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await page.locator('exercise-thread et-composer textarea').focus();
  await page.keyboard.press('Control+Enter');
  // Sent once: the pending row gives way to its live echo or to the POST's answer, never both.
  const sent = page.locator('exercise-thread et-comment', { hasText: 'Shift your weight on count 3' });
  await sent.first().waitFor();
  await page.waitForTimeout(500);
  assert.equal(await sent.count(), 1);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'the next comment starts without markers');

  // On the timeline, in the marker's colour, named with its label (the visible mark is the button's
  // ::before: the button itself is a transparent 24 px tap target).
  const coloured = page.getByRole('button', { name: /Shift your weight on count 3, not before\. \(posture\)/ });
  await page.waitForFunction(() => {
    const marks = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-timeline')?.shadowRoot?.querySelectorAll('[part="marker"]') ?? [];
    return [...marks].filter((m) => /Shift your weight on count 3, not before\. \(posture\)/.test(m.getAttribute('aria-label') ?? '')).length === 1;
  });
  assert.equal(await coloured.evaluate((b) => getComputedStyle(b, '::before').backgroundColor), 'rgb(232, 113, 10)');
  const plain = page.getByRole('button', { name: /Before the marker/ }).first();
  assert.notEqual(await plain.evaluate((b) => getComputedStyle(b, '::before').backgroundColor), 'rgb(232, 113, 10)');

  // "Filter by marker": only the comments carrying it stay in the list (and on the timeline).
  const before = await page.locator('exercise-thread et-comment', { hasText: 'Before the marker' }).count();
  assert.equal(before, 1);
  await page.getByLabel('Filter by marker').selectOption({ label: 'posture' });
  await page.locator('exercise-thread et-comment', { hasText: 'Before the marker' }).waitFor({ state: 'detached' });
  assert.equal(await page.locator('exercise-thread et-comment', { hasText: 'Shift your weight on count 3' }).count(), 1);
  assert.equal(await page.getByRole('button', { name: /Before the marker/ }).count(), 0, 'the timeline follows the filter');
  const stored = await api<{ data: { body: string; marker_ids: string[] }[] }>('instructor', 'GET', `/threads/${(await api<{ data: { id: string }[] }>('instructor', 'GET', `/threads?exercise_video_id=${box.id}`)).data[0]!.id}/comments?limit=200`);
  assert.deepEqual(stored.data.find((c) => c.body.startsWith('Nice.'))?.marker_ids, [posture.id]);
  await page.getByLabel('Filter by marker').selectOption({ label: 'All comments' });
  await page.locator('exercise-thread et-comment', { hasText: 'Before the marker' }).waitFor();
});
