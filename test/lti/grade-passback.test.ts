// Grades to the platform's gradebook: the score posted from the job queue (pg-boss), an outage
// retried and then reported, a resend once the platform is back. Real launches through the test
// platform record where the learner's grade goes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { UserPrincipal } from '../../api/src/auth/principal.ts';
import { createGrades } from '../../api/src/grades/create-grades.ts';
import type { GradeView } from '../../api/src/contract/grades.ts';
import { USERS } from '../../embed-demo/canvas/test-platform.ts';
import { ltiFixture, postLaunch, startLogin, type LtiFixture } from './lti-fixture.ts';

let f: LtiFixture;
let grades: ReturnType<typeof createGrades>;
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
  f = await ltiFixture();
  grades = createGrades(f.ctx.db, f.ctx.c.threads, f.ctx.c.lti.ags, f.ctx.c.live, {
    queue: { pollingIntervalSeconds: 0.5 },
    passback: { retryLimit: 2, retryDelaySeconds: 1 },
  });
  await grades.passback.start();
  learner = await launch('learner');
  instructor = await launch('instructor');
  threadId = (await f.ctx.c.threads.create(learner, f.exerciseId)).thread.id;
});
after(async () => {
  await grades.passback.stop();
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
