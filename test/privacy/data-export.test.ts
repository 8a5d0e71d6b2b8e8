import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { unzip } from '../helpers/unzip.ts';
import { tempDir } from '../media/helpers.ts';
import { FAST_JOBS, makeScenario, privacyJobsSettled, type Scenario } from './privacy-fixture.ts';

// A person's data (GDPR art. 15 and 20): one zip with data.json and media/, holding every item
// about them and nothing about anyone else.

let ctx: TestContext;
let s: Scenario;
const temp = tempDir('data-export');

before(async () => {
  ctx = await createTestContext({ DATA_DIR: temp.dir }, { privacy: FAST_JOBS });
  await ctx.c.privacy.start();
  s = await makeScenario(ctx);
  // The learners' first comments became submissions after their commits.
  await ctx.c.live.settled();
});

after(async () => {
  await ctx.c.privacy.stop();
  await ctx.close();
  temp.remove();
});

/** Asks, waits for the job, follows the signed link (the local driver's URL, answered by the app) and unzips. */
async function exportOf(ask: () => Promise<{ status: number; text: string; body: { id: string } }>, read: Record<string, string>) {
  const asked = await ask();
  assert.equal(asked.status, 202, asked.text);
  await privacyJobsSettled(ctx);
  const state = await ctx.http().get(`/api/v1/exports/${asked.body.id}`).set(read);
  assert.equal(state.status, 200, state.text);
  assert.equal(state.body.status, 'ready', state.text);
  const hours = (Date.parse(state.body.expires_at) - Date.parse(state.body.finished_at)) / 3_600_000;
  assert.ok(Math.abs(hours - 24) < 0.01, `valid ${hours} h`);
  const url = new URL(state.body.download_url);
  const zip = await ctx.http().get(url.pathname + url.search).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  assert.equal(zip.status, 200);
  assert.equal((zip.body as Buffer).length, state.body.size_bytes);
  const files = await unzip(zip.body as Buffer);
  return { id: asked.body.id, files, data: JSON.parse(files.get('data.json')!.toString('utf8')) };
}

describe('data export', { timeout: 90_000 }, () => {
  test('a learner’s archive: their thread, every comment in it, their report, their grade, nothing of anyone else', async () => {
    const { files, data } = await exportOf(() => ctx.http().post('/api/v1/me/export').set(s.w.as(s.learner)), s.w.as(s.learner));
    assert.equal(data.profile.id, s.learner.id);
    assert.equal(data.profile.display_name, 'Vera Victimson');
    assert.deepEqual(data.threads.map((t: { id: string }) => t.id), [s.learnerThread]);
    const bodies = data.comments_in_own_threads.map((c: { body: string }) => c.body).sort();
    assert.deepEqual(bodies, ['FEEDBACK-FOR-VERA wait for count 3', 'VICTIM-WORDS my turn is late', 'VICTIM-WORDS thanks']);
    assert.deepEqual(data.reports.map((r: { reason: string }) => r.reason), ['VICTIM-WORDS too harsh']);
    assert.deepEqual(data.grades.map((g: { thread_id: string; score: number; comment: string }) => [g.thread_id, g.score, g.comment]), [[s.learnerThread, 8, 'GRADE-FOR-VERA']]);
    assert.ok(data.audit.some((e: { action: string }) => e.action === 'data_export.request'));
    // Their thread's submission (their first comment), not the owner's, whose thread was submitted too.
    assert.equal((await ctx.db.knex('thread_submissions').where({ thread_id: s.w.threadId })).length, 1);
    assert.deepEqual(data.submissions.map((x: { thread_id: string; passback_state: string }) => [x.thread_id, x.passback_state]), [[s.learnerThread, 'not_applicable']]);
    assert.ok(Number.isFinite(Date.parse(data.submissions[0].submitted_at)), data.submissions[0].submitted_at);
    const text = files.get('data.json')!.toString('utf8');
    // Nobody else's words, threads or ids: the owner's thread and comments, the instructor's, the other learners.
    for (const foreign of ['SECRET-OWNER-COMMENT', 'SECRET-AUTHOR-REPLY', 'OWNER-ANSWER', 'look at your knees', s.w.threadId, s.w.actors.owner.id, s.instructor.id, s.w.actors.otherLearner.id, 'Olivia Owner']) {
      assert.ok(!text.includes(foreign), `the archive holds ${foreign}`);
    }
    assert.deepEqual([...files.keys()], ['data.json']);
  });

  test('an instructor’s archive, asked for by the API key: their comments in others’ threads alone, and their media byte for byte', async () => {
    const key = { Authorization: `Bearer ${s.w.tenantA.apiKey}` };
    const { files, data } = await exportOf(() => ctx.http().post(`/api/v1/users/${s.instructor.id}/export`).set(key), key);
    assert.deepEqual(data.comments_in_others_threads.map((c: { id: string }) => c.id).sort(), [s.answered, s.unanswered].sort());
    assert.deepEqual(data.threads, []);
    assert.deepEqual(data.submissions, []);
    assert.ok(data.authored_exercises.some((e: { id: string; creator: boolean }) => e.id === s.instructorExercise && e.creator));
    assert.ok(data.audit.some((e: { action: string; as_actor: boolean }) => e.action === 'request' && e.as_actor));
    const media = data.media.find((m: { id: string }) => m.id === s.instructorAsset);
    assert.ok(media, JSON.stringify(data.media));
    assert.equal(files.get(media.path)!.toString(), 'VICTIM-BYTES');
    assert.ok(![...files.keys()].some((k) => k.includes(s.authorAsset)));
    const text = files.get('data.json')!.toString('utf8');
    for (const foreign of ['OWNER-ANSWER', 'SECRET-OWNER-COMMENT', 'FEEDBACK-FOR-VERA', 'Vera Victimson', s.learner.id, s.w.actors.owner.id]) {
      assert.ok(!text.includes(foreign), `the archive holds ${foreign}`);
    }
  });

  test('an export is seen by its subject and the API key only', async () => {
    const asked = await ctx.http().post('/api/v1/me/export').set(s.w.as(s.learner));
    assert.equal(asked.status, 202);
    assert.equal(asked.headers.location, `/api/v1/exports/${asked.body.id}`);
    for (const other of [s.w.actors.owner, s.w.actors.author, s.instructor]) {
      assert.equal((await ctx.http().get(`/api/v1/exports/${asked.body.id}`).set(s.w.as(other))).status, 404);
    }
    assert.equal((await ctx.http().get(`/api/v1/exports/${asked.body.id}`).auth(s.w.tenantB.apiKey, { type: 'bearer' })).status, 404);
    assert.equal((await ctx.http().get(`/api/v1/exports/${asked.body.id}`).auth(s.w.tenantA.apiKey, { type: 'bearer' })).status, 200);
    assert.equal((await ctx.http().post(`/api/v1/users/${s.w.actors.foreign.id}/export`).auth(s.w.tenantA.apiKey, { type: 'bearer' })).status, 404);
    await privacyJobsSettled(ctx);
  });
});
