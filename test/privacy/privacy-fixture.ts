import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { assetPrefix } from '../../api/src/media/media.service.ts';
import { LocalStorage } from '../../api/src/storage/local-storage.ts';
import { S3Storage } from '../../api/src/storage/s3-storage.ts';
import type { TestContext } from '../helpers/context.ts';
import { jobsSettled } from '../helpers/jobs.ts';
import { makeWorld, type Actor, type World } from '../helpers/world.ts';

/** Fast polling, so a test waits for its background jobs in about a second. */
export const FAST_JOBS = { queue: { pollingIntervalSeconds: 0.5 }, retryDelaySeconds: 1 };

export interface Scenario {
  w: World;
  /** A learner with a thread of their own (comments, feedback, a grade), a report and a data export. */
  learner: Actor;
  /** A co-author who commented in another learner's thread, uploaded media and created an exercise. */
  instructor: Actor;
  learnerThread: string;
  /** The instructor's top-level comment in the owner's thread, which the owner answered. */
  answered: string;
  ownerAnswer: string;
  /** The instructor's reply in the owner's thread that nobody answered. */
  unanswered: string;
  instructorAsset: string;
  instructorExercise: string;
  /** An upload of the (kept) author's, whose stored object must stay. */
  authorAsset: string;
}

const ok = (res: { status: number; text: string }, status: number) => assert.equal(res.status, status, res.text);

/** Puts bytes where an upload's source lives, as a finished upload leaves them. */
async function storeUpload(ctx: TestContext, as: Record<string, string>, bytes: string): Promise<string> {
  const res = await ctx.http().post('/api/v1/media/uploads').set(as).send({ file_name: 'step.mp4', size: bytes.length, content_type: 'video/mp4' });
  ok(res, 201);
  const row = await ctx.db.knex('media_assets').where({ id: res.body.id }).first('tenant_id', 'id', 'source_key');
  await ctx.c.media.storage.put(row.source_key ?? `${assetPrefix(row)}source.mp4`, Buffer.from(bytes), 'video/mp4');
  await ctx.db.knex('media_assets').where({ id: row.id }).update({ status: 'ready' });
  return res.body.id;
}

/** The world (helpers/world.ts) and two people to erase, each with everything a person of their role leaves behind. */
export async function makeScenario(ctx: TestContext): Promise<Scenario> {
  const w = await makeWorld(ctx);
  const learner = await w.mint(w.tenantA.apiKey, 'victim-learner', 'learner', 'Vera Victimson');
  const instructor = await w.mint(w.tenantA.apiKey, 'victim-instructor', 'instructor', 'Ivo Eraseme');
  ok(await ctx.http().post(`/api/v1/exercises/${w.exerciseId}/authors`).set(w.as(w.actors.author)).send({ user_id: instructor.id }), 201);

  const thread = await ctx.http().post('/api/v1/threads').set(w.as(learner)).send({ exercise_video_id: w.exerciseId });
  ok(thread, 201);
  const mine = await ctx.http().post('/api/v1/comments').set(w.as(learner)).send({ thread_id: thread.body.id, t_start: 4, t_end: 6, body: 'VICTIM-WORDS my turn is late' });
  ok(mine, 201);
  const feedback = await ctx.http().post('/api/v1/comments').set(w.as(w.actors.author)).send({ thread_id: thread.body.id, parent_id: mine.body.id, body: 'FEEDBACK-FOR-VERA wait for count 3' });
  ok(feedback, 201);
  ok(await ctx.http().post('/api/v1/comments').set(w.as(learner)).send({ thread_id: thread.body.id, parent_id: mine.body.id, body: 'VICTIM-WORDS thanks' }), 201);
  ok(await ctx.http().put(`/api/v1/threads/${thread.body.id}/grade`).set(w.as(w.actors.author)).send({ score: 8, comment: 'GRADE-FOR-VERA' }), 200);
  ok(await ctx.http().post(`/api/v1/comments/${feedback.body.id}/reports`).set(w.as(learner)).send({ reason: 'VICTIM-WORDS too harsh' }), 201);

  const answered = await ctx.http().post('/api/v1/comments').set(w.as(instructor)).send({ thread_id: w.threadId, t_start: 20, body: 'VICTIM-WORDS look at your knees' });
  ok(answered, 201);
  const ownerAnswer = await ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).send({ thread_id: w.threadId, parent_id: answered.body.id, body: 'OWNER-ANSWER ok, I will' });
  ok(ownerAnswer, 201);
  const unanswered = await ctx.http().post('/api/v1/comments').set(w.as(instructor)).send({ thread_id: w.threadId, parent_id: w.commentId, body: 'VICTIM-WORDS and your arms' });
  ok(unanswered, 201);
  // A refusal the audit log keeps with the instructor as its actor.
  ok(await ctx.http().get('/api/v1/moderation/reports').set(w.as(instructor)), 403);

  // The learner as an LMS roster lists them (NRPS): their LMS id and name, linked to their user.
  const tenantId = w.tenantA.tenant.id;
  const [platform] = await ctx.db.knex('lti_platforms').insert({ tenant_id: tenantId, issuer: 'https://lms.example', client_id: 'c', auth_url: 'https://lms.example/a', token_url: 'https://lms.example/t', jwks_url: 'https://lms.example/j' }).returning('id');
  const [context] = await ctx.db.knex('lti_contexts').insert({ tenant_id: tenantId, platform_id: platform.id, context_id: 'course-1', title: 'Dance 101' }).returning('id');
  await ctx.db.knex('lti_roster_members').insert({ tenant_id: tenantId, context_id: context.id, user_sub: 'victim-learner', user_id: learner.id, name: 'Vera Victimson', role: 'learner' });

  const instructorAsset = await storeUpload(ctx, w.as(instructor), 'VICTIM-BYTES');
  const authorAsset = await storeUpload(ctx, w.as(w.actors.author), 'AUTHOR-BYTES');
  const ex = await ctx.http().post('/api/v1/exercises').set(w.as(instructor)).send({ title: 'Course material', source: { type: 'url', url: 'https://media.example/c.mp4' } });
  ok(ex, 201);
  return {
    w,
    learner,
    instructor,
    learnerThread: thread.body.id,
    answered: answered.body.id,
    ownerAnswer: ownerAnswer.body.id,
    unanswered: unanswered.body.id,
    instructorAsset,
    instructorExercise: ex.body.id,
    authorAsset,
  };
}


/** Every object key in the storage, whichever driver it is. */
export async function storedKeys(ctx: TestContext): Promise<string[]> {
  const storage = ctx.c.media.storage;
  if (storage instanceof LocalStorage) {
    const root = path.join(storage.root, 'objects');
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
  }
  assert.ok(storage instanceof S3Storage);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: ctx.c.config.media.s3!.bucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

export const privacyJobsSettled = (ctx: TestContext) => jobsSettled(ctx.db.knex, 'privacy-%', 30_000);
