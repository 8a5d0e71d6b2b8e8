// Grades to the platform's gradebook: the score posted from the job queue (pg-boss), an outage
// retried and then reported, a resend once the platform is back. Real launches through the test
// platform record where the learner's grade goes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { UserPrincipal } from '../../api/src/auth/principal.ts';
import type { Container } from '../../api/src/container.ts';
import type { GradeView } from '../../api/src/contract/grades.ts';
import { CreateCommentBody } from '../../api/src/contract/comments.ts';
import { NEVER_LAUNCHED, USERS } from '../../embed-demo/canvas/test-platform.ts';
import { attribute, ltiFixture, postLaunch, startLogin, type LtiFixture } from './lti-fixture.ts';

let f: LtiFixture;
let grades: Container['grades'];
let learner: UserPrincipal;
let instructor: UserPrincipal;
let threadId: string;

async function launch(user: 'learner' | 'instructor'): Promise<UserPrincipal> {
  const { state, nonce } = await startLogin(f, user);
  const res = await postLaunch(f, await f.platform.sign(f.platform.launchClaims(USERS[user], nonce, { link: 'link-week-1' })), state);
  assert.equal(res.status, 200, await res.text());
  const row = await f.ctx.c.repositories.users.findByExternalId(f.tenantId, `${f.platform.issuer}#${USERS[user].id}`);
  assert.ok(row);
  return { kind: 'user', tenantId: f.tenantId, userId: row.id, role: user };
}

before(async () => {
  // The application's own grades (one listener for first comments, one queue), with short retries.
  f = await ltiFixture({}, { grades: { queue: { pollingIntervalSeconds: 0.5 }, passback: { retryLimit: 2, retryDelaySeconds: 1 } } });
  grades = f.ctx.c.grades;
  await grades.passback.start();
  learner = await launch('learner');
  instructor = await launch('instructor');
  threadId = (await f.ctx.c.threads.create(learner, f.exerciseId)).thread.id;
});
after(async () => {
  await f.close();
});

/** Polls the grade (bounded) until its passback reaches `state`. */
async function until(state: GradeView['passback']['state']): Promise<GradeView> {
  for (let i = 0; i < 120; i++) {
    const view = await grades.service.get(instructor, threadId);
    if (view.passback.state === state) return view;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the passback never became ${state}: ${JSON.stringify(await grades.service.get(instructor, threadId))}`);
}

test('a platform outage is retried by the queue, then reported as failed; a resend after it posts the score with the claims AGS asks for', async () => {
  f.platform.services.outage(Infinity);
  const hits = f.platform.services.agsHits;
  const pending = await grades.service.set(instructor, threadId, { score: 8.5, comment: 'Good breath control.' });
  assert.equal(pending.passback.state, 'pending');
  assert.equal(pending.max_score, 100);
  const failed = await until('failed');
  assert.equal(f.platform.services.agsHits - hits, 3, 'the first attempt and two retries');
  assert.match(failed.passback.error ?? '', /503/);
  assert.equal(failed.score, 8.5);

  f.platform.services.outage(0);
  const resent = await grades.service.resend(instructor, threadId);
  assert.equal(resent.passback.state, 'pending');
  const sent = await until('sent');
  assert.equal(sent.passback.error, null);
  const [item] = [...f.platform.services.lineItems.values()].filter((i) => i.resourceLinkId === 'link-week-1');
  assert.ok(item, 'the tool made the link’s line item');
  assert.deepEqual(f.platform.services.scores.get(item.id)?.at(-1), {
    userId: USERS.learner.id,
    scoreGiven: 8.5,
    scoreMaximum: 100,
    comment: 'Good breath control.',
    timestamp: sent.graded_at,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
  });
});

test('a grade above the maximum is refused naming the field; the learner may read the grade but not give one', async () => {
  await assert.rejects(grades.service.set(instructor, threadId, { score: 101 }), (e: Error & { status?: number; errors?: { field: string }[] }) => e.status === 422 && e.errors?.[0]?.field === 'score');
  await assert.rejects(grades.service.set(learner, threadId, { score: 5 }), (e: Error & { status?: number }) => e.status === 403);
  assert.equal((await grades.service.get(learner, threadId)).score, 8.5);
});

test('a learner’s first comment tells the gradebook the work is submitted (no score), through the queue with a retry; later comments and an author’s do not', async () => {
  // Grace launches for the first time and comments in her new thread; the platform has a bad minute.
  const { state, nonce } = await startLogin(f, 'learner');
  const res = await postLaunch(f, await f.platform.sign(f.platform.launchClaims(NEVER_LAUNCHED, nonce, { link: 'link-week-1' })), state);
  const html = await res.text();
  assert.equal(res.status, 200, html);
  const token = attribute(html, 'exercise-thread', 'token') as string;
  const as = { Authorization: `Bearer ${token}` };
  const thread = await f.ctx.http().post('/api/v1/threads').set(as).send({ exercise_video_id: f.exerciseId });
  assert.equal(thread.status, 201, thread.text);
  const graceThread = thread.body.id as string;
  const [item] = [...f.platform.services.lineItems.values()].filter((i) => i.resourceLinkId === 'link-week-1');
  assert.ok(item);
  const graces = () => (f.platform.services.scores.get(item.id) ?? []).filter((s) => s.userId === NEVER_LAUNCHED.id);
  f.platform.services.outage(1);
  const hits = f.platform.services.agsHits;
  assert.equal((await f.ctx.http().post('/api/v1/comments').set(as).send({ thread_id: graceThread, t_start: 2, body: 'My first take.' })).status, 201);
  let submission = await grades.repo.findSubmission(graceThread);
  for (let i = 0; i < 120 && submission?.passback_state !== 'sent'; i++) {
    await new Promise((r) => setTimeout(r, 250));
    submission = await grades.repo.findSubmission(graceThread);
  }
  assert.equal(submission?.passback_state, 'sent', JSON.stringify(submission));
  assert.ok(f.platform.services.agsHits - hits >= 2, 'the outage was met, then retried');
  assert.deepEqual(graces(), [{ userId: NEVER_LAUNCHED.id, timestamp: submission.submitted_at.toISOString(), activityProgress: 'Submitted', gradingProgress: 'PendingManual' }]);

  // A second comment, and the instructor's answer, post nothing more.
  assert.equal((await f.ctx.http().post('/api/v1/comments').set(as).send({ thread_id: graceThread, t_start: 3, body: 'And a second.' })).status, 201);
  await f.ctx.c.comments.create(instructor, CreateCommentBody.parse({ thread_id: graceThread, t_start: 3, body: 'Seen.' }));
  await f.ctx.c.live.settled();
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(graces().length, 1);
  assert.equal((await f.ctx.db.knex('thread_submissions').where({ thread_id: graceThread })).length, 1);
});

test('a submission is never posted over a grade: a thread graded before its submission is sent is left as graded', async () => {
  // Ada's thread is graded (above); her first comment now records the submission but posts nothing.
  const before = (f.platform.services.scores.get([...f.platform.services.lineItems.values()][0]!.id) ?? []).length;
  await grades.service.submitted(threadId, learner.userId);
  let submission = await grades.repo.findSubmission(threadId);
  for (let i = 0; i < 40 && submission?.passback_state === 'pending'; i++) {
    await new Promise((r) => setTimeout(r, 250));
    submission = await grades.repo.findSubmission(threadId);
  }
  assert.equal(submission?.passback_state, 'not_applicable');
  assert.equal((f.platform.services.scores.get([...f.platform.services.lineItems.values()][0]!.id) ?? []).length, before);
});
