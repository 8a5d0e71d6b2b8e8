// The course roster through NRPS: read on an instructor's launch (at most every
// LTI_ROSTER_SYNC_SECONDS, default 600), listing learners who never launched; members the
// platform stops listing are out of the course at the next sync.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { UserPrincipal } from '../../api/src/auth/principal.ts';
import { NEVER_LAUNCHED, USERS } from '../../embed-demo/canvas/test-platform.ts';
import { ltiFixture, postLaunch, startLogin, type LtiFixture } from './lti-fixture.ts';

let f: LtiFixture;
before(async () => {
  f = await ltiFixture();
});
after(async () => {
  await f.close();
});

async function launch(user: 'learner' | 'instructor'): Promise<UserPrincipal> {
  const { state, nonce } = await startLogin(f, user);
  const res = await postLaunch(f, await f.platform.sign(f.platform.launchClaims(USERS[user], nonce, { link: 'link-week-1' })), state);
  assert.equal(res.status, 200, await res.text());
  const row = await f.ctx.c.repositories.users.findByExternalId(f.tenantId, `${f.platform.issuer}#${USERS[user].id}`);
  assert.ok(row);
  return { kind: 'user', tenantId: f.tenantId, userId: row.id, role: user };
}

test('an instructor’s launch reads the roster: every learner is listed, the one who never launched as not started', async () => {
  assert.equal(f.ctx.c.config.lti.rosterSyncSeconds, 600, 'the README’s default');
  const learner = await launch('learner');
  const thread = (await f.ctx.c.threads.create(learner, f.exerciseId)).thread;
  const hits = f.platform.services.serviceHits;
  await launch('instructor');
  let learners = await f.ctx.c.lti.roster.learners(f.tenantId, f.exerciseId);
  for (let i = 0; learners.length < 2 && i < 80; i++) {
    await new Promise((r) => setTimeout(r, 250));
    learners = await f.ctx.c.lti.roster.learners(f.tenantId, f.exerciseId);
  }
  assert.ok(f.platform.services.serviceHits > hits, 'the membership service was read');
  assert.deepEqual(
    learners.map((l) => ({ sub: l.user_sub, name: l.name, thread: l.thread_id, user: l.user_id })),
    [
      { sub: USERS.learner.id, name: 'Ada Learner', thread: thread.id, user: learner.userId },
      { sub: NEVER_LAUNCHED.id, name: 'Grace Newcomer', thread: null, user: null },
    ],
  );
  // Not again within LTI_ROSTER_SYNC_SECONDS.
  const ctx = await f.ctx.db.knex('lti_contexts').first();
  assert.equal(await f.ctx.c.lti.roster.sync(ctx.id), false);
});

test('a member the platform no longer lists as active is out of the course at the next sync', async () => {
  const ctx = await f.ctx.db.knex('lti_contexts').first();
  const ada = await f.ctx.c.repositories.users.findByExternalId(f.tenantId, `${f.platform.issuer}#${USERS.learner.id}`);
  const original = f.platform.services.members;
  f.platform.services.members = original.map((m) => (m.user_id === USERS.learner.id ? { ...m, status: 'Inactive' as const } : m));
  try {
    assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
    const learners = await f.ctx.c.lti.roster.learners(f.tenantId, f.exerciseId);
    assert.deepEqual(learners.map((l) => l.user_sub), [NEVER_LAUNCHED.id]);
    const membership = await f.ctx.db.knex('lti_context_members').where({ context_id: ctx.id, user_id: ada?.id });
    assert.equal(membership.length, 0, 'the course no longer counts Ada');
  } finally {
    f.platform.services.members = original;
  }
});

test('NRPS is a source of email addresses: a member’s shared address is stored, and given to their user; a malformed one is dropped, not the member', async () => {
  const ctx = await f.ctx.db.knex('lti_contexts').first();
  const ada = await f.ctx.c.repositories.users.findByExternalId(f.tenantId, `${f.platform.issuer}#${USERS.learner.id}`);
  assert.ok(ada);
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
    assert.equal((await f.ctx.db.knex('users').where({ id: ada.id }).first('email')).email, 'ada@school.example');
    // A later sync where the platform shares no address leaves the user's as it was.
    f.platform.services.members = original;
    assert.equal(await f.ctx.c.lti.roster.sync(ctx.id, true), true);
    assert.equal((await f.ctx.db.knex('users').where({ id: ada.id }).first('email')).email, 'ada@school.example');
    assert.equal((await f.ctx.db.knex('lti_roster_members').where({ context_id: ctx.id, user_sub: USERS.learner.id }).first('email')).email, null);
  } finally {
    f.platform.services.members = original;
  }
});
