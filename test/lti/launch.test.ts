import assert from 'node:assert/strict';
import { createHmac, createPublicKey, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SignJWT, base64url, type JWTPayload } from 'jose';
import { USERS } from '../../embed-demo/canvas/test-platform.ts';
import { mapRoles } from '../../api/src/lti/lti-claims.ts';
import { TEST_SECRET } from '../helpers/context.ts';
import { attribute, ltiFixture, postLaunch, readForm, startLogin, type LtiFixture } from './lti-fixture.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

let f: LtiFixture;
before(async () => {
  f = await ltiFixture();
});
after(async () => {
  await f.close();
});

/** A fresh login, then a launch whose claims the test may alter before the platform signs them. */
async function launchWith(alter: (claims: JWTPayload) => JWTPayload = (c) => c, user: 'learner' | 'instructor' = 'learner', sign?: (c: JWTPayload) => Promise<string>) {
  const { state, nonce } = await startLogin(f, user);
  const claims = alter(f.platform.launchClaims(USERS[user], nonce, { link: 'link-week-1' }));
  const idToken = sign ? await sign(claims) : await f.platform.sign(claims);
  const res = await postLaunch(f, idToken, state);
  return { res, html: await res.text(), idToken, state };
}

async function assertRefused(p: Promise<{ res: Response; html: string }>, status: number, reason: RegExp) {
  const { res, html } = await p;
  assert.equal(res.status, status, html);
  assert.match(html, reason);
  assert.doesNotMatch(html, /<exercise-thread/);
}

describe('OIDC login initiation', () => {
  test('redirects to the platform with the OIDC parameters and a fresh state and nonce', async () => {
    const a = await startLogin(f);
    const b = await startLogin(f);
    assert.equal(a.location.origin + a.location.pathname, f.platform.authUrl);
    const q = a.location.searchParams;
    assert.equal(q.get('scope'), 'openid');
    assert.equal(q.get('response_type'), 'id_token');
    assert.equal(q.get('response_mode'), 'form_post');
    assert.equal(q.get('prompt'), 'none');
    assert.equal(q.get('client_id'), f.platform.clientId);
    assert.equal(q.get('redirect_uri'), `${f.tool}/lti/launch`);
    assert.equal(q.get('login_hint'), USERS.learner.id);
    assert.equal(q.get('lti_message_hint'), JSON.stringify({ link: 'link-week-1' }));
    assert.ok(a.state.length >= 32 && a.nonce.length >= 32);
    assert.notEqual(a.state, b.state);
    assert.notEqual(a.nonce, b.nonce);
  });

  test('accepts a POSTed login too', async () => {
    const url = new URL(f.platform.loginUrl('learner', { link: 'link-week-1' }));
    const res = await fetch(`${f.tool}/lti/login`, { method: 'POST', body: url.searchParams, redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.ok(res.headers.get('location')?.startsWith(f.platform.authUrl));
  });

  test('never redirects to a target_link_uri outside the tool, nor for an unknown issuer or deployment', async () => {
    for (const [key, value, status] of [
      ['target_link_uri', 'https://evil.example/lti/launch', 400],
      ['target_link_uri', `${f.tool}.evil.example/lti/launch`, 400],
      ['iss', 'https://unknown.example', 400],
      ['lti_deployment_id', 'not-registered', 403],
    ] as const) {
      const url = new URL(f.platform.loginUrl('learner', { link: 'link-week-1' }));
      url.searchParams.set(key, value);
      const res = await fetch(url, { redirect: 'manual' });
      assert.equal(res.status, status, `${key}=${value}`);
      assert.equal(res.headers.get('location'), null);
    }
  });
});

describe('launch', () => {
  test('the full login and launch through the platform lands a learner on the element with a fresh token', async () => {
    const { location } = await startLogin(f, 'learner');
    // The platform's authorization endpoint answers with the auto-posted id_token.
    const auth = await fetch(location);
    assert.equal(auth.status, 200, await auth.clone().text());
    const form = readForm(await auth.text());
    assert.equal(form.action, `${f.tool}/lti/launch`);
    const res = await postLaunch(f, form.fields.id_token as string, form.fields.state as string);
    const html = await res.text();
    assert.equal(res.status, 200, html);

    // Framable by the school's LMS origin only; no X-Frame-Options, no cookies.
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, new RegExp(`frame-ancestors 'self' ${f.platform.url.replace(/[.]/g, '\\.')}(;|$)`));
    assert.equal(res.headers.get('x-frame-options'), null);
    assert.equal(res.headers.get('set-cookie'), null);

    assert.match(html, /<script type="module" src="\/widget\/exercise-thread\.js">/);
    assert.equal(attribute(html, 'exercise-thread', 'exercise-id'), f.exerciseId);
    assert.equal(attribute(html, 'exercise-thread', 'api-base'), f.tool);
    const token = attribute(html, 'exercise-thread', 'token') as string;
    const { principal } = await f.ctx.c.tokens.verify(token);
    assert.equal(principal.role, 'learner');
    assert.equal(principal.tenantId, f.tenantId);
    const user = await f.ctx.c.repositories.users.findById(f.tenantId, principal.userId);
    assert.equal(user?.external_id, `${f.platform.issuer}#${USERS.learner.id}`);
    assert.equal(user?.display_name, 'Ada Learner');

    // The token works against the API: the learner opens their own thread of the bound exercise.
    const thread = await f.ctx.http().post('/api/v1/threads').set('Authorization', `Bearer ${token}`).send({ exercise_video_id: f.exerciseId });
    assert.equal(thread.status, 201, JSON.stringify(thread.body));
  });

  test('an instructor launched from a link bound to an exercise becomes its co-author', async () => {
    const { res, html } = await launchWith(undefined, 'instructor');
    assert.equal(res.status, 200, html);
    const token = attribute(html, 'exercise-thread', 'token') as string;
    const { principal } = await f.ctx.c.tokens.verify(token);
    assert.equal(principal.role, 'instructor');
    const authors = await f.ctx.db.knex('exercise_authors').where({ exercise_video_id: f.exerciseId }).pluck('user_id');
    assert.ok(authors.includes(principal.userId));
    // As an author the instructor sees the learner's thread in the switcher's list.
    const list = await f.ctx.http().get(`/api/v1/threads?exercise_video_id=${f.exerciseId}`).set('Authorization', `Bearer ${token}`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(list.body.data.length, 1);
  });

  test('refuses a replayed id_token', async () => {
    const first = await launchWith();
    assert.equal(first.res.status, 200);
    await assertRefused(postLaunch(f, first.idToken, first.state).then(async (res) => ({ res, html: await res.text() })), 401, /state/);
    // Nor with a new login's state: the nonce belongs to the first login.
    const again = await startLogin(f);
    await assertRefused(postLaunch(f, first.idToken, again.state).then(async (res) => ({ res, html: await res.text() })), 401, /nonce/);
  });

  test('refuses a wrong aud, and several audiences without our azp', async () => {
    await assertRefused(launchWith((c) => ({ ...c, aud: 'another-client' })), 401, /aud/);
    await assertRefused(launchWith((c) => ({ ...c, aud: [f.platform.clientId, 'another-client'] })), 401, /azp/);
    await assertRefused(launchWith((c) => ({ ...c, aud: [f.platform.clientId, 'another-client'], azp: 'another-client' })), 401, /azp/);
    const ok = await launchWith((c) => ({ ...c, aud: [f.platform.clientId, 'another-client'], azp: f.platform.clientId }));
    assert.equal(ok.res.status, 200, ok.html);
  });

  test('refuses a wrong iss', async () => {
    await assertRefused(launchWith((c) => ({ ...c, iss: 'https://canvas.instructure.com' })), 401, /iss/);
  });

  test('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    await assertRefused(launchWith((c) => ({ ...c, iat: past - 300, exp: past })), 401, /expired/);
  });

  test('refuses an unknown deployment', async () => {
    await assertRefused(launchWith((c) => ({ ...c, [`${LTI}deployment_id`]: 'someone-elses-deployment' })), 403, /deployment/);
  });

  test('refuses a mismatched state', async () => {
    const { nonce } = await startLogin(f);
    const idToken = await f.platform.sign(f.platform.launchClaims(USERS.learner, nonce, { link: 'link-week-1' }));
    await assertRefused(postLaunch(f, idToken, 'made-up-state').then(async (res) => ({ res, html: await res.text() })), 401, /state/);
    // Another login's state: its nonce is not this token's.
    const other = await startLogin(f);
    await assertRefused(postLaunch(f, idToken, other.state).then(async (res) => ({ res, html: await res.text() })), 401, /nonce/);
  });

  test('refuses an alg none token', async () => {
    await assertRefused(
      launchWith(undefined, 'learner', async (claims) => {
        const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid: f.platform.kid }));
        return `${header}.${base64url.encode(JSON.stringify(claims))}.`;
      }),
      401,
      /refused/,
    );
  });

  test('refuses an HS256 token signed with the platform’s public key', async () => {
    const pem = createPublicKey({ key: f.platform.publicJwk, format: 'jwk' } as never).export({ type: 'spki', format: 'pem' }) as string;
    for (const secret of [new TextEncoder().encode(pem), new TextEncoder().encode(JSON.stringify(f.platform.publicJwk))]) {
      await assertRefused(
        launchWith(undefined, 'learner', (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: f.platform.kid }).sign(secret)),
        401,
        /algorithm/,
      );
    }
  });

  test('refuses a token signed by a key the platform does not publish', async () => {
    const { generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('RS256');
    await assertRefused(launchWith(undefined, 'learner', (c) => f.platform.sign(c, { key: privateKey })), 401, /signature/);
  });

  test('refuses a wrong LTI version or message type', async () => {
    await assertRefused(launchWith((c) => ({ ...c, [`${LTI}version`]: '1.1' })), 400, /version/);
    await assertRefused(launchWith((c) => ({ ...c, [`${LTI}message_type`]: 'LtiSubmissionReviewRequest' })), 400, /message_type/);
  });

  test('a rotated platform key: the new kid is fetched once, and both keys verify during the overlap', async () => {
    const warm = await launchWith();
    assert.equal(warm.res.status, 200);
    const oldKid = f.platform.kid;
    const hits = f.platform.jwksHits;
    await f.platform.rotateKey();
    const fresh = await launchWith();
    assert.equal(fresh.res.status, 200, fresh.html);
    assert.equal(f.platform.jwksHits, hits + 1, 'one refetch for the unknown kid');
    const old = await launchWith(undefined, 'learner', (c) => f.platform.sign(c, { kid: oldKid }));
    assert.equal(old.res.status, 200, old.html);
    assert.equal(f.platform.jwksHits, hits + 1, 'the old key came from the cache');
    f.platform.dropOldKeys();
  });

  test('a learner may not open Deep Linking', async () => {
    const { state, nonce } = await startLogin(f, 'learner', { deepLink: true });
    const token = await f.platform.sign(f.platform.launchClaims(USERS.learner, nonce, { deepLink: true }));
    const res = await postLaunch(f, token, state);
    assert.equal(res.status, 403);
  });

  test('an unbound link: the learner is told to wait, the instructor chooses its exercise', async () => {
    f.platform.links.push({ id: 'link-unbound', title: 'Week 2', custom: {} });
    const learner = await startLogin(f, 'learner', { link: 'link-unbound' });
    let res = await postLaunch(f, await f.platform.sign(f.platform.launchClaims(USERS.learner, learner.nonce, { link: 'link-unbound' })), learner.state);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /not set up yet/);

    const teacher = await startLogin(f, 'instructor', { link: 'link-unbound' });
    res = await postLaunch(f, await f.platform.sign(f.platform.launchClaims(USERS.instructor, teacher.nonce, { link: 'link-unbound' })), teacher.state);
    const chooser = await res.text();
    assert.equal(res.status, 200);
    assert.match(chooser, new RegExp(`data-exercise-id="${f.exerciseId}"`));
    const session = readForm(chooser).fields.session as string;
    res = await fetch(`${f.tool}/lti/bind`, { method: 'POST', body: new URLSearchParams({ session, exercise_id: f.exerciseId }) });
    const page = await res.text();
    assert.equal(res.status, 200, page);
    assert.equal(attribute(page, 'exercise-thread', 'exercise-id'), f.exerciseId);

    // The link is bound now: the learner lands on the exercise.
    const again = await startLogin(f, 'learner', { link: 'link-unbound' });
    res = await postLaunch(f, await f.platform.sign(f.platform.launchClaims(USERS.learner, again.nonce, { link: 'link-unbound' })), again.state);
    assert.equal(attribute(await res.text(), 'exercise-thread', 'exercise-id'), f.exerciseId);
  });
});

describe('renewing the access token of a launched page', () => {
  /** The renewal session and access token a learner's launch hands the page. */
  async function launched() {
    const { res, html } = await launchWith();
    assert.equal(res.status, 200, html);
    const script = /<script src="renew\.js" data-endpoint="token" data-session="([^"]+)"><\/script>/.exec(html);
    assert.ok(script, html);
    return { session: script[1]!, token: attribute(html, 'exercise-thread', 'token') as string };
  }
  const renew = (body: unknown) => fetch(`${f.tool}/lti/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const exp = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).exp as number;

  test('the page renews its token for the same user, no further than its session, without cookies', async () => {
    const { session, token } = await launched();
    const res = await renew({ session });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('set-cookie'), null);
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    assert.equal(body.token_type, 'Bearer');
    assert.ok(body.expires_in > 0 && body.expires_in <= f.ctx.c.config.tokenTtlSeconds);
    const before = await f.ctx.c.tokens.verify(token);
    const after = await f.ctx.c.tokens.verify(body.access_token);
    assert.deepEqual(after.principal, before.principal);
    assert.ok(exp(body.access_token) <= exp(session));
    // The renewed token works against the API.
    const thread = await f.ctx.http().post('/api/v1/threads').set('Authorization', `Bearer ${body.access_token}`).send({ exercise_video_id: f.exerciseId });
    assert.ok(thread.status === 200 || thread.status === 201, JSON.stringify(thread.body));
    // The session lasts a working day by default, the access token an hour.
    assert.ok(Math.abs(exp(session) - (Math.floor(Date.now() / 1000) + f.ctx.c.config.lti.sessionSeconds)) < 60);
  });

  test('the page’s script hands the element a token provider that calls the endpoint', async () => {
    const res = await fetch(`${f.tool}/lti/renew.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    const source = await res.text();
    assert.match(source, /tokenProvider = async/);
    assert.match(source, /dataset\.endpoint/);
  });

  test('refusals are problem documents: an expired, tampered or other kind of session is 401, a malformed body 422', async () => {
    const { session } = await launched();
    const problem = async (res: Response, status: number) => {
      assert.equal(res.status, status);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      return (await res.json()) as { status: number; errors?: { field: string }[] };
    };
    const [h, p, sig] = session.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const key = createHmac('sha256', TEST_SECRET).update('lti-session').digest();
    const resign = (payload: object) => new SignJWT(payload as JWTPayload).setProtectedHeader({ alg: 'HS256' }).sign(key);
    await problem(await renew({ session: await resign({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 }) }), 401);
    await problem(await renew({ session: await resign({ ...claims, s: { ...claims.s, kind: 'bind' } }) }), 401);
    await problem(await renew({ session: `${h}.${Buffer.from(JSON.stringify({ ...claims, s: { ...claims.s, userId: randomUUID() } })).toString('base64url')}.${sig}` }), 401);
    // A session naming a user who no longer exists, signed correctly, gets nothing either.
    await problem(await renew({ session: await resign({ ...claims, s: { ...claims.s, userId: randomUUID() } }) }), 401);
    const invalid = await problem(await renew({ session, extra: 1 }), 422);
    assert.ok(invalid.errors?.length);
    await problem(await renew({}), 422);
  });
});

describe('the platform’s JWKS endpoint down', () => {
  let g: LtiFixture;
  before(async () => {
    g = await ltiFixture();
    // The platform lets its keys be cached for no time: every launch makes the tool try a refresh.
    g.platform.jwksCacheControl = 'no-cache';
  });
  after(() => g.close());

  test('launches still verify with the cached key; unknown keys do not', async () => {
    const launch = async (sign?: Parameters<typeof g.platform.sign>[1]) => {
      const { state, nonce } = await startLogin(g);
      const res = await postLaunch(g, await g.platform.sign(g.platform.launchClaims(USERS.learner, nonce, { link: 'link-week-1' }), sign), state);
      return { res, html: await res.text() };
    };
    const primed = await launch();
    assert.equal(primed.res.status, 200, primed.html);
    g.platform.jwksDown = true;
    const hits = g.platform.jwksHits;
    const { res, html } = await launch();
    assert.equal(res.status, 200, html);
    assert.ok(g.platform.jwksHits > hits, 'the tool tried the JWKS endpoint');
    const { generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('RS256');
    await assertRefused(launch({ key: privateKey, kid: 'never-published' }), 401, /no key/);
    g.platform.jwksDown = false;
  });
});

test('LIS roles map to ours', () => {
  const m = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
  assert.equal(mapRoles([`${m}Learner`]), 'learner');
  assert.equal(mapRoles([]), 'learner');
  for (const r of ['Instructor', 'Mentor', 'ContentDeveloper']) assert.equal(mapRoles([`${m}${r}`]), 'instructor');
  assert.equal(mapRoles(['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant']), 'instructor');
  assert.equal(mapRoles(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator']), 'moderator');
  assert.equal(mapRoles(['http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator', `${m}Learner`]), 'moderator');
  // A faculty member who is a learner in this course is a learner here.
  assert.equal(mapRoles(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor', `${m}Learner`]), 'learner');
  assert.equal(mapRoles(['Instructor']), 'instructor');
});
