// End to end: the "Grade" group (issue 19) in the built element on the demo page against the real
// server: an author grades a thread with the keyboard-reachable controls the issue names, the
// API keeps the score, an out-of-range score is never sent, and axe-core finds nothing.
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

type Grade = { score: number | null; comment: string | null; max_score: number; passback: { state: string } };

test('an author saves a score and a comment in the group "Grade"; a learner sees no such group', { skip: NO_CHROMIUM, timeout: 60_000 }, async () => {
  const box = (await demo.session('learner-1')).exercises.find((e) => /Box step/.test(e.title))!;
  const thread = await demo.api<{ id: string }>('learner-1', 'POST', '/threads', { exercise_video_id: box.id });
  await demo.api('learner-1', 'POST', '/comments', { thread_id: thread.id, t_start: 1, body: 'Ready for a grade?' });

  const page = await (await demo.browser.newContext({ bypassCSP: true })).newPage();
  await page.goto(`${demo.base}/demo/?as=instructor&exercise=${box.id}`);
  const group = page.getByRole('group', { name: 'Grade' });
  await group.getByRole('status').filter({ hasText: 'Not graded yet.' }).waitFor();
  const score = group.getByRole('spinbutton', { name: 'Score' });
  assert.equal(await score.getAttribute('max'), '100');

  // Over the maximum: the browser refuses it and nothing is sent.
  await score.fill('150');
  await group.getByRole('button', { name: 'Save grade' }).click();
  assert.equal((await demo.api<Grade>('instructor', 'GET', `/threads/${thread.id}/grade`)).score, null);

  await score.fill('17.5');
  await group.getByRole('textbox', { name: 'Grade comment' }).fill('Clear weight transfer.');
  await group.getByRole('button', { name: 'Save grade' }).click();
  await group.getByRole('status').filter({ hasText: 'Saved (this thread has no gradebook).' }).waitFor();
  const saved = await demo.api<Grade>('instructor', 'GET', `/threads/${thread.id}/grade`);
  assert.deepEqual([saved.score, saved.comment, saved.passback.state], [17.5, 'Clear weight transfer.', 'not_applicable']);
  assert.deepEqual(await axeViolations(page), []);

  const learner = await (await demo.browser.newContext()).newPage();
  await learner.goto(`${demo.base}/demo/?as=learner-1&exercise=${box.id}`);
  await learner.locator('exercise-thread et-comment', { hasText: 'Ready for a grade?' }).waitFor();
  assert.equal(await learner.getByRole('group', { name: 'Grade' }).count(), 0);
});
