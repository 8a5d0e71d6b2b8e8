import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { apiRoutes } from '../../../api/src/app.ts';
import { UnsubscribeTokens } from '../../../api/src/notifications/unsubscribe-tokens.ts';
import { createTestContext, TEST_SECRET, type TestContext } from '../../helpers/context.ts';
import { makeWorld, type World } from '../../helpers/world.ts';

// Every caller against every endpoint, as an attacker would try them: the status each gets, and
// that nothing of a thread the caller may not see appears in any body.

type ActorName =
  | 'owner' | 'otherLearner' | 'author' | 'coauthor' | 'otherInstructor' | 'moderator' | 'foreign'
  | 'apiKey' | 'foreignApiKey' | 'none' | 'expired' | 'tampered' | 'algNone';

const ACTORS: ActorName[] = ['owner', 'otherLearner', 'author', 'coauthor', 'otherInstructor', 'moderator', 'foreign', 'apiKey', 'foreignApiKey', 'none', 'expired', 'tampered', 'algNone'];
/** Those who may see the owner's thread. */
const PARTICIPANTS = new Set<ActorName>(['owner', 'author', 'coauthor']);

let ctx: TestContext;
let w: World;
const credential: Partial<Record<ActorName, string>> = {};

before(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  for (const name of ['owner', 'otherLearner', 'author', 'coauthor', 'otherInstructor', 'moderator', 'foreign'] as const) credential[name] = w.actors[name].token;
  credential.apiKey = w.tenantA.apiKey;
  credential.foreignApiKey = w.tenantB.apiKey;
  const key = new TextEncoder().encode(TEST_SECRET);
  const claims = { tid: w.tenantA.tenant.id, role: 'learner' };
  const now = Math.floor(Date.now() / 1000);
  credential.expired = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(w.actors.owner.id)
    .setIssuer('exercise-threads').setAudience('exercise-threads-api').setIssuedAt(now - 7200).setExpirationTime(now - 3600).sign(key);
  // The owner's token with its role rewritten: the signature no longer matches.
  const [h, p, s] = w.actors.owner.token.split('.');
  const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
  credential.tampered = [h, Buffer.from(JSON.stringify({ ...payload, role: 'instructor' })).toString('base64url'), s].join('.');
  credential.algNone = [Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'), p, ''].join('.');
  // A report so the moderator has something to act on.
  const reported = await ctx.http().post(`/api/v1/comments/${w.replyId}/reports`).set(w.as(w.actors.owner)).send({ reason: 'rude' });
  assert.equal(reported.status, 201);
});

after(async () => {
  // The redelivery row queued a job: stop the queue it started; so did the exports and erasures.
  await ctx.c.outbound.stop();
  await ctx.c.privacy.stop();
  await ctx.close();
});

interface Endpoint {
  name: string;
  /** Builds the request; may first create what it mutates. */
  send: (auth: Record<string, string>) => Promise<{ status: number; text: string; body: unknown }>;
  expect: Partial<Record<ActorName, number>> & { default: number };
}

/** A new attempt (its upload started) in the owner's thread. */
async function newAttempt(): Promise<string> {
  const res = await ctx.http().post(`/api/v1/threads/${w.threadId}/attempts`).set(w.as(w.actors.owner)).send({ file_name: 'take.webm', size: 1000, content_type: 'video/webm' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.attempt.id;
}

const NO_TOKEN = { none: 401, expired: 401, tampered: 401, algNone: 401 };
const USER_ONLY = { apiKey: 403, foreignApiKey: 403, ...NO_TOKEN };

async function created(res: { status: number; text: string; body: { id: string } }): Promise<string> {
  assert.ok(res.status === 201, res.text);
  return res.body.id;
}

const freshUpload = async () =>
  created(await ctx.http().post('/api/v1/media/uploads').set(w.as(w.actors.author)).send({ file_name: 'step.mp4', size: 10, content_type: 'video/mp4' }));

/** An exercise of the author's alone (no co-author), to archive. */
const freshExercise = async () =>
  created(await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.author)).send({ title: 'Fresh', source: { type: 'url', url: 'https://media.example/f.mp4' } }));

/** A report of the author's fresh comment, by the owner, for a moderator to dismiss. */
async function freshReport(): Promise<string> {
  const comment = await created(await ctx.http().post('/api/v1/comments').set(w.as(w.actors.author)).send({ thread_id: w.threadId, t_start: 2, body: 'SECRET-TO-REPORT' }));
  return created(await ctx.http().post(`/api/v1/comments/${comment}/reports`).set(w.as(w.actors.owner)).send({ reason: 'rude' }));
}

async function freshOwnerComment(): Promise<string> {
  const res = await ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).send({ thread_id: w.threadId, t_start: 10, body: 'SECRET-FRESH' });
  assert.equal(res.status, 201);
  return res.body.id;
}

/** An item of the author's own bank (a snippet or a marker), to read, change or delete. */
const freshBankItem = async (kind: 'snippets' | 'markers') =>
  created(
    await ctx.http().post(`/api/v1/${kind}`).set(w.as(w.actors.author))
      .send(kind === 'snippets' ? { title: 'Probe', body: 'Probe body' } : { label: `probe-${Math.random().toString(36).slice(2, 8)}`, color: '#123456' }),
  );

/** The feedback bank's five routes for one kind: instructors only; an item of one's own bank is one's own. */
const bankEndpoints = (kind: 'snippets' | 'markers'): Endpoint[] => {
  const INSTRUCTORS_ONLY = { default: 403, ...USER_ONLY };
  const AUTHORS_OWN = { ...INSTRUCTORS_ONLY, coauthor: 404, otherInstructor: 404 };
  const body = () => (kind === 'snippets' ? { title: 'Probe', body: 'Probe body' } : { label: `probe-${Math.random().toString(36).slice(2, 8)}`, color: '#654321' });
  return [
    { name: `GET /${kind}`, send: (a) => ctx.http().get(`/api/v1/${kind}`).set(a), expect: { ...INSTRUCTORS_ONLY, author: 200, coauthor: 200, otherInstructor: 200 } },
    { name: `POST /${kind}`, send: (a) => ctx.http().post(`/api/v1/${kind}`).set(a).send(body()), expect: { ...INSTRUCTORS_ONLY, author: 201, coauthor: 201, otherInstructor: 201 } },
    { name: `GET /${kind}/:id`, send: async (a) => ctx.http().get(`/api/v1/${kind}/${await freshBankItem(kind)}`).set(a), expect: { ...AUTHORS_OWN, author: 200 } },
    { name: `PATCH /${kind}/:id`, send: async (a) => ctx.http().patch(`/api/v1/${kind}/${await freshBankItem(kind)}`).set(a).send(body()), expect: { ...AUTHORS_OWN, author: 200 } },
    { name: `DELETE /${kind}/:id`, send: async (a) => ctx.http().delete(`/api/v1/${kind}/${await freshBankItem(kind)}`).set(a), expect: { ...AUTHORS_OWN, author: 204 } },
  ];
};

const endpoints = (): Endpoint[] => [
  {
    name: 'GET /inbox',
    send: (a) => ctx.http().get('/api/v1/inbox').set(a),
    expect: { default: 403, author: 200, coauthor: 200, otherInstructor: 200, ...USER_ONLY },
  },
  {
    name: 'GET /inbox/courses',
    send: (a) => ctx.http().get('/api/v1/inbox/courses').set(a),
    expect: { default: 403, author: 200, coauthor: 200, otherInstructor: 200, ...USER_ONLY },
  },
  {
    name: 'POST /threads/:id/done',
    send: (a) => ctx.http().post(`/api/v1/threads/${w.threadId}/done`).set(a),
    expect: { default: 403, author: 200, coauthor: 200, otherInstructor: 404, ...USER_ONLY },
  },
  ...bankEndpoints('snippets'),
  ...bankEndpoints('markers'),
  {
    name: 'GET /threads/:id',
    send: (a) => ctx.http().get(`/api/v1/threads/${w.threadId}`).set(a),
    expect: { default: 404, owner: 200, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    name: 'GET /threads/:id/comments',
    send: (a) => ctx.http().get(`/api/v1/threads/${w.threadId}/comments`).set(a),
    expect: { default: 404, owner: 200, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    name: 'GET /threads/:id/comments?since_seq=0',
    send: (a) => ctx.http().get(`/api/v1/threads/${w.threadId}/comments?since_seq=0`).set(a),
    expect: { default: 404, owner: 200, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    name: 'GET /threads/:id/export?format=csv',
    send: (a) => ctx.http().get(`/api/v1/threads/${w.threadId}/export?format=csv`).set(a),
    expect: { default: 404, owner: 200, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    // Every student's thread: the exercise's authors only.
    name: 'GET /exercises/:id/export?format=csv',
    send: (a) => ctx.http().get(`/api/v1/exercises/${w.exerciseId}/export?format=csv`).set(a),
    expect: { default: 404, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    // The course roster names every learner: the exercise's authors only (an empty list outside LTI).
    name: 'GET /exercises/:id/roster',
    send: (a) => ctx.http().get(`/api/v1/exercises/${w.exerciseId}/roster`).set(a),
    expect: { default: 404, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    name: 'POST /threads/:id/read',
    send: (a) => ctx.http().post(`/api/v1/threads/${w.threadId}/read`).set(a).send({ seq: 1 }),
    expect: { default: 404, owner: 200, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    name: 'GET /threads/:id/grade',
    send: (a) => ctx.http().get(`/api/v1/threads/${w.threadId}/grade`).set(a),
    expect: { default: 404, owner: 200, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    name: 'PUT /threads/:id/grade',
    send: (a) => ctx.http().put(`/api/v1/threads/${w.threadId}/grade`).set(a).send({ score: 7 }),
    expect: { default: 404, owner: 403, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    name: 'POST /threads/:id/grade/resend',
    send: async (a) => {
      await ctx.http().put(`/api/v1/threads/${w.threadId}/grade`).set(w.as(w.actors.author)).send({ score: 7 });
      return ctx.http().post(`/api/v1/threads/${w.threadId}/grade/resend`).set(a);
    },
    expect: { default: 404, owner: 403, author: 200, coauthor: 200, ...USER_ONLY },
  },
  // Attempts (issue 18): the thread's audience sees them; only the owner adds or deletes one.
  {
    name: 'POST /threads/:id/attempts',
    send: (a) => ctx.http().post(`/api/v1/threads/${w.threadId}/attempts`).set(a).send({ file_name: 'take.webm', size: 1000, content_type: 'video/webm' }),
    expect: { default: 404, owner: 201, author: 403, coauthor: 403, ...USER_ONLY },
  },
  {
    name: 'GET /threads/:id/attempts',
    send: async (a) => {
      await newAttempt();
      return ctx.http().get(`/api/v1/threads/${w.threadId}/attempts`).set(a);
    },
    expect: { default: 404, owner: 200, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    name: 'GET /attempts/:id',
    send: async (a) => ctx.http().get(`/api/v1/attempts/${await newAttempt()}`).set(a),
    expect: { default: 404, owner: 200, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    name: 'PATCH /attempts/:id',
    send: async (a) => ctx.http().patch(`/api/v1/attempts/${await newAttempt()}`).set(a).send({ sync_offset: 0.5 }),
    expect: { default: 404, owner: 200, author: 200, coauthor: 200, ...USER_ONLY },
  },
  {
    name: 'DELETE /attempts/:id',
    send: async (a) => ctx.http().delete(`/api/v1/attempts/${await newAttempt()}`).set(a),
    expect: { default: 404, owner: 204, author: 403, coauthor: 403, ...USER_ONLY },
  },
  {
    // Still uploading: the thread's audience learns it is not playable yet.
    name: 'GET /attempts/:id/playback',
    send: async (a) => ctx.http().get(`/api/v1/attempts/${await newAttempt()}/playback`).set(a),
    expect: { default: 404, owner: 409, author: 409, coauthor: 409, ...USER_ONLY },
  },
  {
    name: 'GET /threads?exercise_video_id=',
    send: (a) => ctx.http().get(`/api/v1/threads?exercise_video_id=${w.exerciseId}`).set(a),
    expect: { default: 200, moderator: 403, ...USER_ONLY },
  },
  {
    name: 'POST /threads',
    send: (a) => ctx.http().post('/api/v1/threads').set(a).send({ exercise_video_id: w.exerciseId }),
    expect: { default: 403, owner: 200, otherLearner: 201, foreign: 404, ...NO_TOKEN },
  },
  {
    name: 'POST /comments',
    send: (a) => ctx.http().post('/api/v1/comments').set(a).send({ thread_id: w.threadId, t_start: 5, body: 'probe' }),
    expect: { default: 404, owner: 201, author: 201, coauthor: 201, moderator: 403, ...USER_ONLY },
  },
  {
    name: 'PATCH /comments/:id',
    send: async (a) => ctx.http().patch(`/api/v1/comments/${await freshOwnerComment()}`).set(a).send({ body: 'changed' }),
    expect: { default: 404, owner: 200, author: 403, coauthor: 403, ...USER_ONLY },
  },
  {
    name: 'DELETE /comments/:id',
    send: async (a) => ctx.http().delete(`/api/v1/comments/${await freshOwnerComment()}`).set(a),
    expect: { default: 404, owner: 204, author: 403, coauthor: 403, ...USER_ONLY },
  },
  {
    name: 'POST /comments/:id/reports',
    send: async (a) => ctx.http().post(`/api/v1/comments/${await freshOwnerComment()}/reports`).set(a).send({ reason: 'spam' }),
    expect: { default: 404, owner: 422, author: 201, coauthor: 201, ...USER_ONLY },
  },
  {
    name: 'GET /exercises',
    send: (a) => ctx.http().get('/api/v1/exercises').set(a),
    expect: { default: 200, ...NO_TOKEN },
  },
  {
    name: 'POST /exercises',
    send: (a) => ctx.http().post('/api/v1/exercises').set(a).send({ title: 'Probe', source: { type: 'url', url: 'https://media.example/p.mp4' } }),
    // An API key must name the author (author_external_id).
    expect: { default: 403, author: 201, coauthor: 201, otherInstructor: 201, apiKey: 422, foreignApiKey: 422, ...NO_TOKEN },
  },
  {
    name: 'GET /exercises/:id',
    send: (a) => ctx.http().get(`/api/v1/exercises/${w.exerciseId}`).set(a),
    expect: { default: 200, foreign: 404, foreignApiKey: 404, ...NO_TOKEN },
  },
  {
    name: 'PATCH /exercises/:id',
    send: (a) => ctx.http().patch(`/api/v1/exercises/${w.exerciseId}`).set(a).send({ description: 'updated' }),
    expect: { default: 403, author: 200, coauthor: 200, apiKey: 200, foreign: 404, foreignApiKey: 404, ...NO_TOKEN },
  },
  {
    name: 'POST /exercises/:id/authors',
    // A new instructor each time, so one caller's success does not make the next caller an author.
    send: async (a) => {
      const fresh = await w.mint(w.tenantA.apiKey, `ta-${Math.random()}`, 'instructor');
      return ctx.http().post(`/api/v1/exercises/${w.exerciseId}/authors`).set(a).send({ user_id: fresh.id });
    },
    expect: { default: 403, author: 201, coauthor: 201, apiKey: 201, foreign: 404, foreignApiKey: 404, ...NO_TOKEN },
  },
  {
    name: 'DELETE /exercises/:id/authors/:user_id',
    // A fresh co-author each time, removed by the caller.
    send: async (a) => {
      const fresh = await w.mint(w.tenantA.apiKey, `tb-${Math.random()}`, 'instructor');
      const added = await ctx.http().post(`/api/v1/exercises/${w.exerciseId}/authors`).set(w.as(w.actors.author)).send({ user_id: fresh.id });
      assert.equal(added.status, 201);
      return ctx.http().delete(`/api/v1/exercises/${w.exerciseId}/authors/${fresh.id}`).set(a);
    },
    expect: { default: 403, author: 204, coauthor: 204, apiKey: 204, foreign: 404, foreignApiKey: 404, ...NO_TOKEN },
  },
  {
    name: 'DELETE /exercises/:id',
    send: async (a) => ctx.http().delete(`/api/v1/exercises/${await freshExercise()}`).set(a),
    expect: { default: 403, author: 204, apiKey: 204, foreign: 404, foreignApiKey: 404, ...NO_TOKEN },
  },
  {
    name: 'GET /exercises/:id/playback',
    send: (a) => ctx.http().get(`/api/v1/exercises/${w.exerciseId}/playback`).set(a),
    expect: { default: 200, foreign: 404, foreignApiKey: 404, ...NO_TOKEN },
  },
  {
    name: 'POST /media/uploads',
    send: (a) => ctx.http().post('/api/v1/media/uploads').set(a).send({ file_name: 'probe.mp4', size: 10, content_type: 'video/mp4' }),
    // An API key must name the owner (owner_external_id).
    expect: { default: 403, author: 201, coauthor: 201, otherInstructor: 201, apiKey: 422, foreignApiKey: 422, ...NO_TOKEN },
  },
  {
    name: 'GET /media/uploads/:id',
    send: async (a) => ctx.http().get(`/api/v1/media/uploads/${await freshUpload()}`).set(a),
    // Uploads are their owner's, and the tenant's API key's.
    expect: { default: 404, author: 200, apiKey: 200, ...NO_TOKEN },
  },
  {
    name: 'POST /media/uploads/:id/complete',
    send: async (a) => ctx.http().post(`/api/v1/media/uploads/${await freshUpload()}/complete`).set(a).send({ parts: [{ part_number: 1, etag: 'not-an-etag' }] }),
    // The owner gets as far as storage, which holds no such part.
    expect: { default: 404, author: 422, apiKey: 422, ...NO_TOKEN },
  },
  {
    name: 'GET /media/:id',
    send: async (a) => ctx.http().get(`/api/v1/media/${await freshUpload()}`).set(a),
    expect: { default: 404, author: 200, apiKey: 200, ...NO_TOKEN },
  },
  {
    name: 'DELETE /media/:id',
    send: async (a) => ctx.http().delete(`/api/v1/media/${await freshUpload()}`).set(a),
    expect: { default: 404, author: 204, apiKey: 204, ...NO_TOKEN },
  },
  {
    name: 'GET /media/:id/hls/:rendition',
    // Reached through a signed playback URL only: no token opens it, whoever holds one.
    send: async (a) => ctx.http().get(`/api/v1/media/${await freshUpload()}/hls/master.m3u8`).set(a),
    expect: { default: 404 },
  },
  {
    name: 'GET /moderation/reports',
    send: (a) => ctx.http().get('/api/v1/moderation/reports').set(a),
    expect: { default: 403, moderator: 200, ...USER_ONLY },
  },
  {
    name: 'POST /moderation/comments/:id/hide',
    send: (a) => ctx.http().post(`/api/v1/moderation/comments/${w.replyId}/hide`).set(a).send({ reason: 'rude' }),
    expect: { default: 403, moderator: 200, ...USER_ONLY },
  },
  {
    name: 'POST /moderation/reports/:id/dismiss',
    send: async (a) => ctx.http().post(`/api/v1/moderation/reports/${await freshReport()}/dismiss`).set(a).send({}),
    expect: { default: 403, moderator: 204, ...USER_ONLY },
  },
  {
    name: 'POST /moderation/comments/:id/unhide',
    send: (a) => ctx.http().post(`/api/v1/moderation/comments/${w.replyId}/unhide`).set(a).send({}),
    expect: { default: 403, moderator: 200, ...USER_ONLY },
  },
  {
    name: 'GET /tenant',
    send: (a) => ctx.http().get('/api/v1/tenant').set(a),
    expect: { default: 403, apiKey: 200, foreignApiKey: 200, ...NO_TOKEN },
  },
  {
    name: 'PATCH /tenant',
    send: (a) => ctx.http().patch('/api/v1/tenant').set(a).send({ name: 'Renamed' }),
    expect: { default: 403, apiKey: 200, foreignApiKey: 200, ...NO_TOKEN },
  },
  {
    name: 'POST /tokens',
    send: (a) => ctx.http().post('/api/v1/tokens').set(a).send({ user: { external_id: 'probe', name: 'Probe', role: 'learner' } }),
    expect: { default: 403, apiKey: 201, foreignApiKey: 201, ...NO_TOKEN },
  },
  {
    name: 'GET /me/notifications',
    send: (a) => ctx.http().get('/api/v1/me/notifications').set(a),
    expect: { default: 200, ...USER_ONLY },
  },
  {
    name: 'PATCH /me/notifications',
    send: (a) => ctx.http().patch('/api/v1/me/notifications').set(a).send({ digest: 'weekly' }),
    expect: { default: 200, ...USER_ONLY },
  },
  // The link's token is the credential (it names one user and one kind of email): any caller holding it may use it.
  {
    name: 'POST /notifications/unsubscribe',
    send: async (a) => ctx.http().post(`/api/v1/notifications/unsubscribe?token=${await unsubscribeToken()}`).set(a).type('form').send('List-Unsubscribe=One-Click'),
    expect: { default: 200 },
  },
  {
    name: 'GET /notifications/unsubscribe',
    send: async (a) => ctx.http().get(`/api/v1/notifications/unsubscribe?token=${await unsubscribeToken()}`).set(a),
    expect: { default: 200 },
  },
  {
    name: 'POST /webhooks',
    send: (a) => ctx.http().post('/api/v1/webhooks').set(a).send({ url: 'https://93.184.216.34/hooks', event_types: ['media.ready'] }),
    expect: { default: 403, apiKey: 201, foreignApiKey: 201, ...NO_TOKEN },
  },
  {
    name: 'GET /webhooks',
    send: (a) => ctx.http().get('/api/v1/webhooks').set(a),
    expect: { default: 403, apiKey: 200, foreignApiKey: 200, ...NO_TOKEN },
  },
  {
    name: 'DELETE /webhooks/:id',
    send: async (a) => ctx.http().delete(`/api/v1/webhooks/${(await freshWebhook()).webhookId}`).set(a),
    expect: { default: 403, apiKey: 204, foreignApiKey: 404, ...NO_TOKEN },
  },
  {
    name: 'GET /webhooks/:id/deliveries',
    send: async (a) => ctx.http().get(`/api/v1/webhooks/${(await freshWebhook()).webhookId}/deliveries`).set(a),
    expect: { default: 403, apiKey: 200, foreignApiKey: 404, ...NO_TOKEN },
  },
  {
    name: 'POST /webhooks/:id/deliveries/:delivery_id/redeliver',
    send: async (a) => {
      const { webhookId, deliveryId } = await freshWebhook();
      return ctx.http().post(`/api/v1/webhooks/${webhookId}/deliveries/${deliveryId}/redeliver`).set(a);
    },
    expect: { default: 403, apiKey: 202, foreignApiKey: 404, ...NO_TOKEN },
  },
  {
    // Tenant A keeps no learning records (no LRS): any user's events are answered `recording: false` (test/xapi/ covers a tenant with one).
    name: 'POST /events',
    send: (a) => ctx.http().post('/api/v1/events').set(a).send({ exercise_id: w.exerciseId, events: [{ id: '00000000-0000-4000-8000-000000000001', type: 'played', at: '2026-12-01T10:00:00.000Z', session_id: '00000000-0000-4000-8000-000000000002', time: 1 }] }),
    expect: { default: 202, ...USER_ONLY },
  },
  {
    name: 'GET /tenant/retention-runs',
    send: (a) => ctx.http().get('/api/v1/tenant/retention-runs').set(a),
    expect: { default: 403, apiKey: 200, foreignApiKey: 200, ...NO_TOKEN },
  },
  {
    // Each instructor's own warnings.
    name: 'GET /inbox/retention-notices',
    send: (a) => ctx.http().get('/api/v1/inbox/retention-notices').set(a),
    expect: { default: 403, author: 200, coauthor: 200, otherInstructor: 200, ...USER_ONLY },
  },
  // A person's data: exports by the person or the API key, erasure by the API key alone.
  {
    name: 'POST /me/export',
    send: (a) => ctx.http().post('/api/v1/me/export').set(a),
    expect: { default: 202, ...USER_ONLY },
  },
  {
    name: 'POST /users/:id/export',
    send: (a) => ctx.http().post(`/api/v1/users/${w.actors.owner.id}/export`).set(a),
    expect: { default: 403, apiKey: 202, foreignApiKey: 404, ...NO_TOKEN },
  },
  {
    name: 'GET /exports/:id',
    send: async (a) => ctx.http().get(`/api/v1/exports/${await created202(ctx.http().post('/api/v1/me/export').set(w.as(w.actors.owner)))}`).set(a),
    expect: { default: 404, owner: 200, apiKey: 200, ...NO_TOKEN },
  },
  {
    name: 'DELETE /users/:id',
    // A fresh learner each time: the first erasure of one would answer every later caller.
    send: async (a) => ctx.http().delete(`/api/v1/users/${(await w.mint(w.tenantA.apiKey, `erase-${Math.random()}`, 'learner')).id}`).set(a),
    expect: { default: 403, apiKey: 202, foreignApiKey: 404, ...NO_TOKEN },
  },
  {
    name: 'GET /erasures/:id',
    send: async (a) => {
      const fresh = await w.mint(w.tenantA.apiKey, `erase-${Math.random()}`, 'learner');
      return ctx.http().get(`/api/v1/erasures/${await created202(ctx.http().delete(`/api/v1/users/${fresh.id}`).set({ Authorization: `Bearer ${w.tenantA.apiKey}` }))}`).set(a);
    },
    expect: { default: 403, apiKey: 200, foreignApiKey: 404, ...NO_TOKEN },
  },
];

async function created202(req: PromiseLike<{ status: number; text: string; body: { id: string } }>): Promise<string> {
  const res = await req;
  assert.ok(res.status === 202, res.text);
  return res.body.id;
}

const unsubscribeToken = () => new UnsubscribeTokens(TEST_SECRET).sign({ tenantId: w.tenantA.tenant.id, userId: w.actors.owner.id, kind: 'digest' });

/** Tenant A's endpoint with one delivery in its log (a media.ready event, which the matrix never causes otherwise). */
async function freshWebhook(): Promise<{ webhookId: string; deliveryId: string }> {
  const hook = await created(await ctx.http().post('/api/v1/webhooks').set({ Authorization: `Bearer ${w.tenantA.apiKey}` }).send({ url: 'https://93.184.216.34/hooks', event_types: ['media.ready'] }));
  await ctx.c.webhooks.emit(w.tenantA.tenant.id, 'media.ready', { media_asset_id: 'probe', status: 'ready' });
  const log = await ctx.http().get(`/api/v1/webhooks/${hook}/deliveries`).set({ Authorization: `Bearer ${w.tenantA.apiKey}` });
  return { webhookId: hook, deliveryId: log.body.data[0].id };
}

describe('access matrix', () => {
  test('every caller × every endpoint answers as the policy says, and leaks nothing', async () => {
    const failures: string[] = [];
    for (const endpoint of endpoints()) {
      for (const actor of ACTORS) {
        const auth: Record<string, string> = credential[actor] ? { Authorization: `Bearer ${credential[actor]}` } : {};
        const res = await endpoint.send(auth);
        const want = endpoint.expect[actor] ?? endpoint.expect.default;
        if (res.status !== want) failures.push(`${endpoint.name} as ${actor}: ${res.status}, want ${want} ${res.text.slice(0, 200)}`);
        // A moderator reads reported comments (and their parents) through /moderation, checked below.
        const moderating = actor === 'moderator' && endpoint.name.includes('/moderation/');
        if (!PARTICIPANTS.has(actor) && !moderating && (res.text.includes('SECRET') || (res.status < 300 && endpoint.name.startsWith('GET /threads') && res.text.includes(w.threadId)))) {
          failures.push(`${endpoint.name} as ${actor} leaked the thread: ${res.text.slice(0, 200)}`);
        }
        // Another tenant's caller never reads anything of tenant A's.
        if ((actor === 'foreign' || actor === 'foreignApiKey') && res.status < 300 && [w.exerciseId, w.threadId, w.tenantA.tenant.id].some((id) => res.text.includes(id))) {
          failures.push(`${endpoint.name} as ${actor} leaked tenant A: ${res.text.slice(0, 200)}`);
        }
        if (res.status >= 400) {
          const problem = res.body as { status?: number; type?: string };
          if (problem.status !== res.status || typeof problem.type !== 'string') failures.push(`${endpoint.name} as ${actor}: not a problem document`);
        }
        if (res.status === 401 && actor !== 'none' && !('www-authenticate' in (res as unknown as { headers: object }).headers)) {
          failures.push(`${endpoint.name} as ${actor}: 401 without WWW-Authenticate`);
        }
      }
    }
    // One line per failure: assert's diff of long arrays can take minutes.
    assert.ok(failures.length === 0, `${failures.length} failures:\n${failures.join('\n')}`);
    assert.deepEqual(ctx.unexpected, []);
  });

  test('the matrix walks every route of the API', () => {
    const walked = new Set(endpoints().map((e) => e.name.split('?')[0]!.toLowerCase()));
    const missing = apiRoutes(ctx.c).map((r) => `${r.method} ${r.path}`).filter((r) => !walked.has(r));
    assert.deepEqual(missing, []);
  });

  test('an author sees every thread of the exercise; a learner only their own', async () => {
    const res = await ctx.http().get(`/api/v1/threads?exercise_video_id=${w.exerciseId}`).set(w.as(w.actors.author));
    const owners = res.body.data.map((t: { owner: { id: string } }) => t.owner.id);
    assert.ok(owners.includes(w.actors.owner.id));
    const mine = await ctx.http().get('/api/v1/threads').set(w.as(w.actors.otherLearner));
    assert.ok(mine.body.data.every((t: { owner: { id: string } }) => t.owner.id === w.actors.otherLearner.id));
  });

  test('a moderator sees reported comments, their parents and the exercise title, nothing else', async () => {
    // A reply of its own to report: the matrix above has acted on the earlier reports.
    const reply = await created(await ctx.http().post('/api/v1/comments').set(w.as(w.actors.author)).send({ thread_id: w.threadId, parent_id: w.commentId, body: 'SECRET-REPORTED-REPLY' }));
    await created(await ctx.http().post(`/api/v1/comments/${reply}/reports`).set(w.as(w.actors.owner)).send({ reason: 'rude' }));
    const res = await ctx.http().get('/api/v1/moderation/reports?limit=200').set(w.as(w.actors.moderator));
    assert.equal(res.status, 200);
    const reported = new Set((await ctx.db.knex('comment_reports').select('comment_id')).map((r) => r.comment_id));
    for (const report of res.body.data) {
      assert.ok(reported.has(report.comment.id));
      assert.deepEqual(Object.keys(report.exercise).sort(), ['id', 'title']);
      if (report.parent) assert.equal(report.parent.id, report.comment.parent_id);
    }
    const mine = res.body.data.find((r: { comment: { id: string } }) => r.comment.id === reply);
    assert.equal(mine.comment.body, 'SECRET-REPORTED-REPLY');
    assert.equal(mine.parent.body, 'SECRET-OWNER-COMMENT');
    // The rest of the thread stays out of reach.
    const thread = await ctx.http().get(`/api/v1/threads/${w.threadId}/comments`).set(w.as(w.actors.moderator));
    assert.equal(thread.status, 404);
  });

  test('refusals are written to audit_events', async () => {
    const denials = async () =>
      Number((await ctx.db.knex('audit_events').where({ outcome: 'denied', actor_id: w.actors.otherLearner.id, resource: `thread:${w.threadId}` }).count({ n: '*' }))[0]!.n);
    const before = await denials();
    const res = await ctx.http().get(`/api/v1/threads/${w.threadId}`).set(w.as(w.actors.otherLearner));
    assert.equal(res.status, 404);
    // The audit write follows the answer: wait for it (bounded), rather than for a fixed time.
    let after = before;
    for (let i = 0; i < 100 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await denials();
    }
    assert.equal(after, before + 1);
  });
});
