import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { JWTPayload } from 'jose';
import { USERS } from '../../embed-demo/canvas/test-platform.ts';
import { ltiFixture, postLaunch, startLogin, type LtiFixture } from '../lti/lti-fixture.ts';

// Where addresses, languages and links come from: POST /tokens, the LTI launch, PATCH /tenant.

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
let f: LtiFixture;
let apiKey: string;
let tenantId: string;

before(async () => {
  f = await ltiFixture();
  const partner = await f.ctx.c.tenants.create({ name: 'Partner', allowedOrigins: [] });
  apiKey = partner.apiKey;
  tenantId = partner.tenant.id;
});
after(() => f.close());

const mint = (user: Record<string, unknown>) => f.ctx.http().post('/api/v1/tokens').auth(apiKey, { type: 'bearer' }).send({ user: { external_id: 'u-1', name: 'Uma', role: 'learner', ...user } });
const stored = async (tid: string, externalId: string) => f.ctx.db.knex('users').where({ tenant_id: tid, external_id: externalId }).first('email', 'locale');

test('POST /tokens keeps user.email and user.locale, never shows them, and keeps them when left out', async () => {
  const res = await mint({ email: 'uma@partner.example', locale: 'fr-CA' });
  assert.equal(res.status, 201, res.text);
  assert.ok(!res.text.includes('uma@partner.example'), 'the answer does not carry the address');
  assert.deepEqual(await stored(tenantId, 'u-1'), { email: 'uma@partner.example', locale: 'fr-CA' });
  assert.equal((await mint({})).status, 201);
  assert.deepEqual(await stored(tenantId, 'u-1'), { email: 'uma@partner.example', locale: 'fr-CA' });
  assert.equal((await mint({ email: 'uma@new.example' })).status, 201);
  assert.equal((await stored(tenantId, 'u-1')).email, 'uma@new.example');
  for (const bad of [{ email: 'not an address' }, { email: 42 }, { locale: 'français!' }]) {
    const refused = await mint(bad);
    assert.equal(refused.status, 422, JSON.stringify(bad));
    assert.match(refused.body.errors[0].field, /user\.(email|locale)/);
  }
});

test('PATCH /tenant sets the thread link template, which must hold {thread_id}', async () => {
  const patch = (body: object) => f.ctx.http().patch('/api/v1/tenant').auth(apiKey, { type: 'bearer' }).send(body);
  const template = 'https://app.partner.example/exercises/{exercise_id}/threads/{thread_id}';
  const ok = await patch({ thread_link_template: template });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.thread_link_template, template);
  assert.equal((await f.ctx.http().get('/api/v1/tenant').auth(apiKey, { type: 'bearer' })).body.thread_link_template, template);
  for (const bad of ['https://app.partner.example/threads', 'javascript:alert(1)//{thread_id}', 'not a url {thread_id}']) {
    const refused = await patch({ thread_link_template: bad });
    assert.equal(refused.status, 422, bad);
    assert.equal(refused.body.errors[0].field, 'thread_link_template');
  }
  assert.equal((await patch({ thread_link_template: null })).body.thread_link_template, null);
});

test('an LTI launch stores the email and locale claims, and the placement’s lms_url', async () => {
  const { state, nonce } = await startLogin(f, 'learner');
  const claims: JWTPayload = f.platform.launchClaims(USERS.learner, nonce, { link: 'link-week-1' });
  claims.email = 'ada.learner@school.example';
  claims.locale = 'fr_CA';
  claims[`${LTI}custom`] = { ...(claims[`${LTI}custom`] as object), lms_url: 'https://canvas.school.example/courses/7/external_tools/12' };
  const res = await postLaunch(f, await f.platform.sign(claims), state);
  assert.equal(res.status, 200, await res.text());
  assert.deepEqual(await stored(f.tenantId, `${f.platform.issuer}#${USERS.learner.id}`), { email: 'ada.learner@school.example', locale: 'fr-CA' });
  const link = await f.ctx.db.knex('lti_resource_links').where({ resource_link_id: 'link-week-1' }).first('lms_url');
  assert.equal(link.lms_url, 'https://canvas.school.example/courses/7/external_tools/12');

  // A later launch without them (the platform stopped sharing) keeps what was stored; a bad one is ignored.
  const again = await startLogin(f, 'learner');
  const plain: JWTPayload = f.platform.launchClaims(USERS.learner, again.nonce, { link: 'link-week-1' });
  plain.email = 'not-an-address';
  assert.equal((await postLaunch(f, await f.platform.sign(plain), again.state)).status, 200);
  assert.equal((await stored(f.tenantId, `${f.platform.issuer}#${USERS.learner.id}`)).email, 'ada.learner@school.example');
});
