// The course roster through NRPS: read on an instructor's launch (at most every
// LTI_ROSTER_SYNC_SECONDS, default 600), listed to the exercise's authors by GET
// /exercises/:id/roster with the learner who never launched as not started; members the platform
// stops listing are out of the course at the next sync (no roster entry, no token renewal).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RosterView } from '../../api/src/contract/roster.ts';
import { NEVER_LAUNCHED, USERS } from '../../embed-demo/canvas/test-platform.ts';
import { attribute, ltiFixture, postLaunch, startLogin, type LtiFixture } from './lti-fixture.ts';

let f: LtiFixture;
before(async () => {
  f = await ltiFixture();
});
after(async () => {
  await f.close();
});

interface Launched {
  userId: string;
  token: string;
  session: string;
}

async function launch(user: 'learner' | 'instructor'): Promise<Launched> {
  const { state, nonce } = await startLogin(f, user);
  const res = await postLaunch(f, await f.platform.sign(f.platform.launchClaims(USERS[user], nonce, { link: 'link-week-1' })), state);
  const html = await res.text();
  assert.equal(res.status, 200, html);
  const row = await f.ctx.c.repositories.users.findByExternalId(f.tenantId, `${f.platform.issuer}#${USERS[user].id}`);
  assert.ok(row);
  const session = /data-session="([^"]+)"/.exec(html)?.[1];
  assert.ok(session, html);
  return { userId: row.id, token: attribute(html, 'exercise-thread', 'token') as string, session };
}

const roster = (token: string) => f.ctx.http().get(`/api/v1/exercises/${f.exerciseId}/roster`).set('Authorization', `Bearer ${token}`);
const renew = (session: string) => fetch(`${f.tool}/lti/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ session }) });

let ada: Launched;
let ira: Launched;
let threadId: string;

test('an instructor’s launch reads the roster: GET /exercises/:id/roster lists every learner by name, the one who never launched as not started', async () => {
  assert.equal(f.ctx.c.config.lti.rosterSyncSeconds, 600, 'the README’s default');
  ada = await launch('learner');
  const thread = await f.ctx.http().post('/api/v1/threads').set('Authorization', `Bearer ${ada.token}`).send({ exercise_video_id: f.exerciseId });
  assert.equal(thread.status, 201, thread.text);
  threadId = thread.body.id;
  const hits = f.platform.services.serviceHits;
  // The launch waits (briefly) for the sync, so the page's first roster load has everyone.
  ira = await launch('instructor');
  assert.ok(f.platform.services.serviceHits > hits, 'the membership service was read');
  const res = await roster(ira.token);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual((res.body as RosterView).data, [
    { name: 'Ada Learner', user_id: ada.userId, thread_id: threadId, started: true },
    { name: 'Grace Newcomer', user_id: null, thread_id: null, started: false },
  ]);
  // Not again within LTI_ROSTER_SYNC_SECONDS.
  const ctx = await f.ctx.db.knex('lti_contexts').first();
  assert.equal(await f.ctx.c.lti.roster.sync(ctx.id), false);
});

test('later syncs read only the differences the platform offers (rel="differences", paged through rel="next"): who joined is listed, who was removed is out', async () => {
  const ctx = await f.ctx.db.knex('lti_contexts').first();
  assert.match(ctx.roster_differences_url ?? '', /names_and_roles\?since=/, 'the first read kept the platform’s differences link');
  const original = f.platform.services.members;
  const hal = { user_id: 'canvas-user-1003', status: 'Active' as const, roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'], name: 'Hal Latecomer' };
  f.platform.services.pageSize = 1;
  f.platform.services.members = [...original.filter((m) => m.user_id !== NEVER_LAUNCHED.id), hal];
  try {
    const diffs = f.platform.services.differencesHits;
    const hits = f.platform.services.serviceHits;
    assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
    // Two changes (Hal joined, Grace was removed), one a page: two differences pages, no whole read.
    assert.equal(f.platform.services.differencesHits - diffs, 2);
    assert.equal(f.platform.services.serviceHits - hits, 2);
    assert.deepEqual(((await roster(ira.token)).body as RosterView).data.map((l) => [l.name, l.started]), [
      ['Ada Learner', true],
      ['Hal Latecomer', false],
    ]);
    // Nothing changed since: one empty page of differences, the roster as it was.
    assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
    assert.equal(f.platform.services.differencesHits - diffs, 3);
    assert.equal(((await roster(ira.token)).body as RosterView).data.length, 2);
  } finally {
    f.platform.services.members = original;
    f.platform.services.pageSize = 2;
  }
  assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
  assert.deepEqual(((await roster(ira.token)).body as RosterView).data.map((l) => l.name), ['Ada Learner', 'Grace Newcomer']);
});

test('a differences link the platform refuses (a 4xx) is dropped: the whole membership is read, and its new link kept', async () => {
  const ctx = await f.ctx.db.knex('lti_contexts').first();
  await f.ctx.db.knex('lti_contexts').where({ id: ctx.id }).update({ roster_differences_url: `${f.platform.url}/api/lti/courses/${'course-101'}/names_and_roles/expired` });
  const diffs = f.platform.services.differencesHits;
  assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
  assert.equal(f.platform.services.differencesHits, diffs, 'a whole read, not a differences one');
  assert.deepEqual(((await roster(ira.token)).body as RosterView).data.map((l) => l.name), ['Ada Learner', 'Grace Newcomer']);
  const after = await f.ctx.db.knex('lti_contexts').where({ id: ctx.id }).first();
  assert.match(after.roster_differences_url, /names_and_roles\?since=\d+$/);
});

test('the roster is its exercise’s authors’ alone: a learner and an instructor who authors nothing there get 404, an API key 403', async () => {
  assert.equal((await roster(ada.token)).status, 404);
  const other = await f.ctx.c.users.mintToken(f.tenantId, { externalId: 'other-instructor', name: 'Other', role: 'instructor' });
  const res = await roster(other.accessToken);
  assert.equal(res.status, 404);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  const key = await f.ctx.c.tenants.createKey(f.tenantId);
  assert.equal((await roster(key.apiKey)).status, 403, 'a user route: an API key is refused before any lookup');
  assert.equal((await f.ctx.http().get(`/api/v1/exercises/00000000-0000-4000-8000-000000000000/roster`).set('Authorization', `Bearer ${ira.token}`)).status, 404);
});

test('a member the platform no longer lists as active is out of the course at the next sync: off the roster, no token renewal', async () => {
  const ctx = await f.ctx.db.knex('lti_contexts').first();
  assert.equal((await renew(ada.session)).status, 200, 'a member renews');
  const original = f.platform.services.members;
  f.platform.services.members = original.map((m) => (m.user_id === USERS.learner.id ? { ...m, status: 'Inactive' as const } : m));
  try {
    assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
    assert.deepEqual(((await roster(ira.token)).body as RosterView).data.map((l) => l.name), ['Grace Newcomer']);
    const membership = await f.ctx.db.knex('lti_context_members').where({ context_id: ctx.id, user_id: ada.userId });
    assert.equal(membership.length, 0, 'the course no longer counts Ada');
    const refused = await renew(ada.session);
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /no longer a member of this course/);
    // The instructor still reads her thread's history: it is theirs to see as the exercise's author.
    assert.equal((await f.ctx.http().get(`/api/v1/threads/${threadId}`).set('Authorization', `Bearer ${ira.token}`)).status, 200);
  } finally {
    f.platform.services.members = original;
  }
  // Back in the course (the platform lists her again): the next sync and her next launch restore it.
  assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
  ada = await launch('learner');
  assert.equal((await renew(ada.session)).status, 200);
});

test('NRPS is a source of email addresses: a member’s shared address is stored, and given to their user; a malformed one is dropped, not the member', async () => {
  const ctx = await f.ctx.db.knex('lti_contexts').first();
  const original = f.platform.services.members;
  const emails: Record<string, string> = { [USERS.learner.id]: 'ada@school.example', [NEVER_LAUNCHED.id]: 'not an address' };
  f.platform.services.members = original.map((m) => (emails[m.user_id] ? { ...m, email: emails[m.user_id] } : m));
  try {
    assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
    const rows = await f.ctx.db.knex('lti_roster_members').where({ context_id: ctx.id }).orderBy('user_sub').select('user_sub', 'email');
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.user_sub, r.email])), {
      [USERS.learner.id]: 'ada@school.example',
      [USERS.instructor.id]: null,
      [NEVER_LAUNCHED.id]: null,
    });
    assert.equal((await f.ctx.db.knex('users').where({ id: ada.userId }).first('email')).email, 'ada@school.example');
    // A later sync where the platform shares no address leaves the user's as it was.
    f.platform.services.members = original;
    assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
    assert.equal((await f.ctx.db.knex('users').where({ id: ada.userId }).first('email')).email, 'ada@school.example');
    assert.equal((await f.ctx.db.knex('lti_roster_members').where({ context_id: ctx.id, user_sub: USERS.learner.id }).first('email')).email, null);
  } finally {
    f.platform.services.members = original;
  }
});

test('a learner whose name the platform does not share is listed with name null, after the named ones', async () => {
  const ctx = await f.ctx.db.knex('lti_contexts').first();
  const original = f.platform.services.members;
  f.platform.services.members = original.map((m) => (m.user_id === NEVER_LAUNCHED.id ? { user_id: m.user_id, status: m.status, roles: m.roles } : m));
  try {
    assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
    assert.deepEqual(((await roster(ira.token)).body as RosterView).data.map((l) => [l.name, l.started]), [
      ['Ada Learner', true],
      [null, false],
    ]);
  } finally {
    f.platform.services.members = original;
  }
});

test('a course larger than a page: GET /exercises/:id/roster pages by name (keyset, next_cursor), every learner exactly once in a stable order; access as before', async () => {
  const ctx = await f.ctx.db.knex('lti_contexts').first();
  const original = f.platform.services.members;
  const learnerRole = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'];
  // 60 more learners: with Ada and Grace, 62, more than the default page of 50. Names that sort
  // as people read them (numbers by value, case and accents beside their letter), two who share a
  // name (their LMS ids order them) and two the platform names none (last).
  const names = Array.from({ length: 54 }, (_, i) => `Learner ${i + 1}`).concat(['émile Zola', 'Emma Stone', 'zoe Quinn', 'Sam Twin']);
  const extra = names.map((name, i) => ({ user_id: `canvas-bulk-${String(i).padStart(3, '0')}`, status: 'Active' as const, roles: learnerRole, name }));
  extra.push({ user_id: 'canvas-bulk-twin-a', status: 'Active', roles: learnerRole, name: 'Sam Twin' });
  extra.push({ user_id: 'canvas-bulk-anon-1', status: 'Active', roles: learnerRole } as never, { user_id: 'canvas-bulk-anon-0', status: 'Active', roles: learnerRole } as never);
  f.platform.services.members = [...original, ...extra.slice(0, -1)];
  // Two of them have launched (users of their own), so the list tells them from their namesakes.
  const user = async (sub: string) => (await f.ctx.c.users.mintToken(f.tenantId, { externalId: `${f.platform.issuer}#${sub}`, name: sub, role: 'learner' })).user;
  const twinA = await user('canvas-bulk-twin-a');
  const anon1 = await user('canvas-bulk-anon-1');
  f.platform.services.pageSize = 100;
  try {
    assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
    const pageOf = async (query: string) => {
      const res = await f.ctx.http().get(`/api/v1/exercises/${f.exerciseId}/roster${query}`).set('Authorization', `Bearer ${ira.token}`);
      assert.equal(res.status, 200, res.text);
      return res.body as RosterView;
    };
    const walk = async (limit: string) => {
      const pages: RosterView[] = [];
      let cursor: string | null = null;
      do {
        const sep: string = limit ? '&' : '?';
        pages.push(await pageOf(`${limit}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`));
        cursor = pages.at(-1)!.next_cursor;
      } while (cursor && pages.length < 100);
      return pages;
    };
    // The default page is 50; the rest follows next_cursor, the last page says null.
    const byDefault = await walk('');
    assert.deepEqual(byDefault.map((p) => p.data.length), [50, 12]);
    assert.equal(byDefault.at(-1)!.next_cursor, null);
    const listed = byDefault.flatMap((p) => p.data.map((l) => l.name));
    const expected = [
      'Ada Learner',
      'émile Zola',
      'Emma Stone',
      'Grace Newcomer',
      ...Array.from({ length: 54 }, (_, i) => `Learner ${i + 1}`),
      'Sam Twin',
      'Sam Twin',
      'zoe Quinn',
      null,
    ];
    assert.deepEqual(listed, expected);
    // Small pages, a learner joining between them after the place reached: each learner exactly once, the same order.
    const small: RosterView[] = [];
    let cursor: string | null = null;
    do {
      small.push(await pageOf(`?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      cursor = small.at(-1)!.next_cursor;
      if (small.length === 3) {
        f.platform.services.members = [...original, ...extra];
        assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
      }
    } while (cursor && small.length < 100);
    assert.ok(small.slice(0, -1).every((p) => p.data.length === 7));
    assert.deepEqual(small.flatMap((p) => p.data.map((l) => l.name)), [...expected, null]);
    // Those who share a name (or have none) are told apart by their users: each once, by LMS id.
    const rows = small.flatMap((p) => p.data);
    assert.deepEqual(rows.filter((l) => l.name === 'Sam Twin').map((l) => l.user_id), [null, twinA.id]);
    assert.deepEqual(rows.filter((l) => l.name === null).map((l) => l.user_id), [null, anon1.id]);
    // Ada keeps her thread on whichever page she is on.
    assert.deepEqual(small[0]!.data[0], { name: 'Ada Learner', user_id: ada.userId, thread_id: threadId, started: true });
    // Asked again, the same pages.
    assert.deepEqual((await walk('?limit=7')).flatMap((p) => p.data), small.flatMap((p) => p.data));

    // Access as before, with a cursor too: 404 for a learner and an instructor who authors nothing here, 403 for an API key.
    const next = encodeURIComponent(small[0]!.next_cursor!);
    const path = `/api/v1/exercises/${f.exerciseId}/roster?limit=7&cursor=${next}`;
    assert.equal((await f.ctx.http().get(path).set('Authorization', `Bearer ${ada.token}`)).status, 404);
    const other = await f.ctx.c.users.mintToken(f.tenantId, { externalId: 'other-instructor', name: 'Other', role: 'instructor' });
    assert.equal((await f.ctx.http().get(path).set('Authorization', `Bearer ${other.accessToken}`)).status, 404);
    const key = await f.ctx.c.tenants.createKey(f.tenantId);
    assert.equal((await f.ctx.http().get(path).set('Authorization', `Bearer ${key.apiKey}`)).status, 403);
    // A forged cursor or a limit out of range is refused (422), never a 500.
    for (const bad of ['limit=0', 'limit=201', `cursor=${Buffer.from(JSON.stringify([2, 'x', ada.userId, 's'])).toString('base64url')}`, 'cursor=bm90IGpzb24']) {
      const res = await f.ctx.http().get(`/api/v1/exercises/${f.exerciseId}/roster?${bad}`).set('Authorization', `Bearer ${ira.token}`);
      assert.equal(res.status, 422, `${bad}: ${res.text}`);
    }
  } finally {
    f.platform.services.members = original;
    f.platform.services.pageSize = 2;
    assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
  }
});
