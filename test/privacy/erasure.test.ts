import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { scanForValue } from '../helpers/scan-for-id.ts';
import { startS3rver, tempDir, type S3Fixture } from '../media/helpers.ts';
import { connect, startLive, type LiveHarness } from '../live/live-helpers.ts';
import { FAST_JOBS, makeScenario, privacyJobsSettled, storedKeys, type Scenario } from './privacy-fixture.ts';

// Erasure (GDPR art. 17), once per policy and storage driver: tombstones on local disk, deletion
// on S3 (s3rver). Afterwards no row in any table (the catalogue is read, so a table added later is
// scanned too) and no stored object names either person, and the others' threads stay whole.

const SCHEMAS = ['public', 'pgboss'];

for (const policy of ['tombstone', 'delete'] as const) {
  describe(`erasure with erasure_policy "${policy}" (${policy === 'tombstone' ? 'local disk' : 'S3'})`, { timeout: 120_000 }, () => {
    let ctx: TestContext;
    let s: Scenario;
    let live: LiveHarness;
    let s3: S3Fixture | undefined;
    const temp = tempDir('erasure');
    const key = () => ({ Authorization: `Bearer ${s.w.tenantA.apiKey}` });
    const erasures: Record<'learner' | 'instructor', string> = { learner: '', instructor: '' };
    let learnerSocketClosed: Promise<string>;

    before(async () => {
      s3 = policy === 'delete' ? await startS3rver('erasure-test') : undefined;
      ctx = await createTestContext({ DATA_DIR: temp.dir, ...s3?.env }, { privacy: FAST_JOBS });
      await ctx.c.privacy.start();
      s = await makeScenario(ctx);
      const set = await ctx.http().patch('/api/v1/tenant').set(key()).send({ erasure_policy: policy });
      assert.equal(set.status, 200, set.text);
      assert.equal(set.body.erasure_policy, policy);
      // The learner's own archive exists in storage before the erasure.
      const asked = await ctx.http().post('/api/v1/me/export').set(s.w.as(s.learner));
      assert.equal(asked.status, 202, asked.text);
      await privacyJobsSettled(ctx);
      assert.equal((await ctx.http().get(`/api/v1/exports/${asked.body.id}`).set(s.w.as(s.learner))).body.status, 'ready');

      live = await startLive(ctx);
      const socket = await connect(live, s.learner.token);
      learnerSocketClosed = new Promise((resolve) => socket.on('disconnect', (reason) => resolve(reason)));

      for (const who of ['learner', 'instructor'] as const) {
        const res = await ctx.http().delete(`/api/v1/users/${s[who].id}`).set(key());
        assert.equal(res.status, 202, res.text);
        assert.equal(res.headers.location, `/api/v1/erasures/${res.body.id}`);
        erasures[who] = res.body.id;
      }
      // Asked again while it runs: the same erasure.
      const again = await ctx.http().delete(`/api/v1/users/${s.learner.id}`).set(key());
      assert.deepEqual([again.status, again.body.id], [202, erasures.learner]);
      await privacyJobsSettled(ctx);
    });

    after(async () => {
      await live?.close();
      await ctx.c.privacy.stop();
      await ctx.close();
      await s3?.close();
      temp.remove();
    });

    test('each erasure is done, and asking again (the user gone) answers it rather than 404', async () => {
      for (const who of ['learner', 'instructor'] as const) {
        const res = await ctx.http().get(`/api/v1/erasures/${erasures[who]}`).set(key());
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.status, 'done');
        assert.equal(res.body.policy, policy);
        const again = await ctx.http().delete(`/api/v1/users/${s[who].id}`).set(key());
        assert.deepEqual([again.status, again.body.id, again.body.status], [202, erasures[who], 'done']);
      }
      assert.equal((await ctx.http().get(`/api/v1/erasures/${erasures.learner}`).set(s.w.as(s.w.actors.author))).status, 403);
      assert.equal((await ctx.http().get(`/api/v1/erasures/${erasures.learner}`).auth(s.w.tenantB.apiKey, { type: 'bearer' })).status, 404);
    });

    test('no row in any table names either person: ids, names, their words', async () => {
      for (const value of [s.learner.id, s.instructor.id, 'Vera Victimson', 'Ivo Eraseme', 'victim-learner', 'victim-instructor', 'VICTIM-WORDS', 'FEEDBACK-FOR-VERA', 'GRADE-FOR-VERA']) {
        assert.deepEqual(await scanForValue(ctx.db.knex, value, SCHEMAS), [], `${value} is still stored`);
      }
      // Their thread went with everything in it; the exercise they created stays, without them.
      assert.equal(await ctx.db.knex('personal_exercise_threads').where({ id: s.learnerThread }).first(), undefined);
      const kept = await ctx.db.knex('exercise_videos').where({ id: s.instructorExercise }).first('creator_id');
      assert.deepEqual(kept, { creator_id: null });
    });

    test('no stored object of theirs remains; others’ objects stay', async () => {
      const keys = await storedKeys(ctx);
      assert.ok(keys.some((k) => k.includes(s.authorAsset)), `the author's upload is gone: ${keys.join(', ')}`);
      assert.deepEqual(keys.filter((k) => k.includes(s.instructorAsset) || k.startsWith('exports/')), []);
      assert.equal(await ctx.db.knex('media_assets').where({ id: s.instructorAsset }).first(), undefined);
    });

    test(`the owner's thread stays consistent: seq, replies, and the instructor's comments per "${policy}"`, async () => {
      const rows = await ctx.db.knex('video_comments').where({ thread_id: s.w.threadId }).orderBy('seq').select('id', 'seq', 'parent_id', 'author_id', 'body', 'deleted_at');
      const ids = new Set(rows.map((r) => r.id));
      assert.equal(new Set(rows.map((r) => r.seq)).size, rows.length, 'seq stays unique');
      for (const r of rows) if (r.parent_id) assert.ok(ids.has(r.parent_id), `reply ${r.id} lost its parent`);
      // Answered by the owner: a tombstone under either policy, so the answer keeps its parent.
      const answered = rows.find((r) => r.id === s.answered);
      assert.deepEqual([answered?.author_id, answered?.body, answered?.deleted_at !== null], [null, '', true]);
      assert.equal(rows.find((r) => r.id === s.ownerAnswer)?.parent_id, s.answered);
      const unanswered = rows.find((r) => r.id === s.unanswered);
      if (policy === 'tombstone') assert.deepEqual([unanswered?.author_id, unanswered?.body], [null, '']);
      else assert.equal(unanswered, undefined);

      // Through the API the owner reads the thread as before; a tombstone shows as deleted.
      const res = await ctx.http().get(`/api/v1/threads/${s.w.threadId}/comments?since_seq=0`).set(s.w.as(s.w.actors.owner));
      assert.equal(res.status, 200, res.text);
      const seen = res.body.data as { id: string; deleted: boolean; body: string | null; parent_id: string | null }[];
      assert.ok(seen.some((c) => c.id === s.ownerAnswer && c.parent_id === s.answered));
      const shown = seen.find((c) => c.id === s.answered);
      assert.deepEqual([shown?.deleted, shown?.body ?? null], [true, null]);
      assert.ok(!res.text.includes('VICTIM-WORDS'));
    });

    test('audit: their actions stay without an actor, flagged; one entry per erasure, naming only the erasure', async () => {
      const flagged = await ctx.db.knex('audit_events').where({ actor_erased: true }).select('actor_id', 'action', 'outcome');
      assert.ok(flagged.length >= 2, JSON.stringify(flagged));
      assert.ok(flagged.every((e) => e.actor_id === null));
      assert.ok(flagged.some((e) => e.action === 'request' && e.outcome === 'denied'), 'the instructor’s refused request');
      assert.ok(flagged.some((e) => e.action === 'data_export.request'), 'the learner’s export request');
      const recorded = await ctx.db.knex('audit_events').where({ action: 'user.erase', outcome: 'allowed' }).select('resource', 'detail', 'actor_kind');
      assert.deepEqual(recorded.map((e) => e.resource).sort(), [`erasure:${erasures.learner}`, `erasure:${erasures.instructor}`].sort());
      assert.ok(recorded.every((e) => e.actor_kind === 'api_key' && JSON.stringify(e.detail) === JSON.stringify({ policy })));
    });

    test('their live connection was closed, and their token no longer works', async () => {
      assert.equal(await learnerSocketClosed, 'io server disconnect');
      assert.equal((await ctx.http().get('/api/v1/threads').set(s.w.as(s.learner))).status, 401);
      await assert.rejects(connect(live, s.learner.token));
    });

    test('only the API key erases; an unknown user is 404', async () => {
      assert.equal((await ctx.http().delete(`/api/v1/users/${s.w.actors.otherLearner.id}`).set(s.w.as(s.w.actors.author))).status, 403);
      assert.equal((await ctx.http().delete(`/api/v1/users/${s.w.actors.foreign.id}`).set(key())).status, 404);
      assert.equal((await ctx.http().delete('/api/v1/users/not-a-uuid').set(key())).status, 404);
      assert.ok(await ctx.db.knex('users').where({ id: s.w.actors.otherLearner.id }).first());
    });
  });
}
