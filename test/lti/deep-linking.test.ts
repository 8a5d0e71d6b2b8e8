import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { COURSE, USERS } from '../../embed-demo/canvas/test-platform.ts';
import { attribute, ltiFixture, postLaunch, readForm, startLogin, type LtiFixture } from './lti-fixture.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const LTI_DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

let f: LtiFixture;
let oembed: Server;
before(async () => {
  // A stand-in for YouTube's oEmbed endpoint.
  oembed = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x').searchParams.get('url') ?? '';
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ title: `Video ${url.slice(-11)}`, author_name: 'Drama Dept', thumbnail_url: 'https://i.ytimg.com/vi/x/hqdefault.jpg' }));
  });
  await new Promise<void>((resolve) => oembed.listen(0, '127.0.0.1', resolve));
  f = await ltiFixture({ YOUTUBE_OEMBED_URL: `http://127.0.0.1:${(oembed.address() as AddressInfo).port}/oembed` });
});
after(async () => {
  await f.close();
  oembed.close();
});

/** An instructor's Deep Linking launch through the platform; returns the picker page and the request's data. */
async function openPicker(context = COURSE, sub = USERS.instructor.id) {
  const { state, nonce } = await startLogin(f, 'instructor', { deepLink: true });
  const claims = f.platform.launchClaims(USERS.instructor, nonce, { deepLink: true });
  claims[`${LTI}context`] = context;
  claims.sub = sub;
  const res = await postLaunch(f, await f.platform.sign(claims), state);
  const html = await res.text();
  assert.equal(res.status, 200, html);
  const data = (claims[`${LTI_DL}deep_linking_settings`] as { data: string }).data;
  return { html, session: readForm(html).fields.session as string, data };
}

async function answer(fields: Record<string, string>) {
  const res = await fetch(`${f.tool}/lti/deep-link`, { method: 'POST', body: new URLSearchParams(fields) });
  const html = await res.text();
  assert.equal(res.status, 200, html);
  return { res, html, form: readForm(html) };
}

test('picking an exercise answers with a signed LtiDeepLinkingResponse that verifies against /lti/jwks', async () => {
  // The full path: login, the platform's authorization endpoint, the launch.
  const { location } = await startLogin(f, 'instructor', { deepLink: true });
  const auth = readForm(await (await fetch(location)).text());
  const requestData = (decodeJwt(auth.fields.id_token as string)[`${LTI_DL}deep_linking_settings`] as { data: string }).data;
  const launch = await postLaunch(f, auth.fields.id_token as string, auth.fields.state as string);
  const picker = await launch.text();
  assert.equal(launch.status, 200, picker);
  assert.match(picker, new RegExp(`data-exercise-id="${f.exerciseId}"`));

  const { res, form } = await answer({ session: readForm(picker).fields.session as string, exercise_id: f.exerciseId });
  assert.equal(form.action, `${f.platform.url}/deep-link-return`);
  assert.match(res.headers.get('content-security-policy') ?? '', new RegExp(`form-action 'self' ${f.platform.url.replace(/[.]/g, '\\.')}`));
  assert.equal(res.headers.get('x-frame-options'), null);

  const jwt = form.fields.JWT as string;
  const { payload, protectedHeader } = await jwtVerify(jwt, createRemoteJWKSet(new URL(`${f.tool}/lti/jwks`)), {
    algorithms: ['RS256'],
    issuer: f.platform.clientId,
    audience: f.platform.issuer,
  });
  assert.ok(protectedHeader.kid);
  assert.equal(payload[`${LTI}message_type`], 'LtiDeepLinkingResponse');
  assert.equal(payload[`${LTI}version`], '1.3.0');
  assert.equal(payload[`${LTI}deployment_id`], f.platform.deploymentId);
  assert.equal(payload[`${LTI_DL}data`], requestData);
  assert.ok(typeof payload.nonce === 'string' && payload.nonce.length > 10);
  assert.ok((payload.exp as number) > (payload.iat as number));
  assert.deepEqual(payload[`${LTI_DL}content_items`], [
    {
      type: 'ltiResourceLink',
      title: 'Monologue, take 1',
      url: `${f.tool}/lti/launch`,
      custom: { exercise_id: f.exerciseId },
      // The platform accepts line items (accept_lineitem): the link gets its gradebook column.
      lineItem: { scoreMaximum: 100, label: 'Monologue, take 1', resourceId: f.exerciseId, tag: 'exercise-threads' },
    },
  ]);

  // The platform accepts it (it verifies against our JWKS too) and the new link launches the exercise.
  const before = f.platform.links.length;
  const back = await fetch(form.action, { method: 'POST', body: new URLSearchParams(form.fields) });
  assert.equal(back.status, 200, await back.text());
  const link = f.platform.links[before];
  assert.ok(link);
  const { state, nonce } = await startLogin(f, 'learner', { link: link.id });
  const page = await (await postLaunch(f, await f.platform.sign(f.platform.launchClaims(USERS.learner, nonce, { link: link.id })), state)).text();
  assert.equal(attribute(page, 'exercise-thread', 'exercise-id'), f.exerciseId);
});

test('creating an exercise from a YouTube URL: oEmbed metadata, and it belongs to the course', async () => {
  const { session } = await openPicker();
  const { form } = await answer({ session, title: 'Scene study', url: 'https://youtu.be/dQw4w9WgXcQ' });
  const items = decodeJwt(form.fields.JWT as string)[`${LTI_DL}content_items`] as { custom: { exercise_id: string } }[];
  const id = items[0]?.custom.exercise_id as string;
  const row = await f.ctx.db.knex('exercise_videos').where({ id }).first();
  assert.equal(row.title, 'Scene study');
  assert.equal(row.youtube_id, 'dQw4w9WgXcQ');
  assert.equal(row.metadata.author_name, 'Drama Dept');
  assert.equal(row.metadata.title, 'Video dQw4w9WgXcQ');

  // In this course's picker; not in the picker of another course's instructor, who still sees the tenant-wide exercise.
  assert.match((await openPicker()).html, new RegExp(`data-exercise-id="${id}"`));
  const other = await openPicker({ id: 'course-202', label: 'FILM 202', title: 'Directing' }, 'canvas-user-3001');
  assert.doesNotMatch(other.html, new RegExp(`data-exercise-id="${id}"`));
  assert.match(other.html, new RegExp(`data-exercise-id="${f.exerciseId}"`));
  // Nor can that course's picker be made to place it.
  const refused = await fetch(`${f.tool}/lti/deep-link`, { method: 'POST', body: new URLSearchParams({ session: other.session, exercise_id: id }) });
  assert.equal(refused.status, 404);
});

test('a tampered session is refused', async () => {
  const { session } = await openPicker();
  const res = await fetch(`${f.tool}/lti/deep-link`, { method: 'POST', body: new URLSearchParams({ session: `${session.slice(0, -2)}xx`, exercise_id: f.exerciseId }) });
  assert.equal(res.status, 401);
});

test('after the tool rotates its key, answers carry the new kid and both keys stay published', async () => {
  const before = (await (await fetch(`${f.tool}/lti/jwks`)).json()) as { keys: { kid: string; d?: string }[] };
  assert.equal(before.keys.length, 1);
  assert.equal(before.keys[0]?.d, undefined, 'no private parts published');
  const kid = await f.ctx.c.lti.toolKeys.rotate();
  const jwks = (await (await fetch(`${f.tool}/lti/jwks`)).json()) as { keys: { kid: string }[] };
  assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [before.keys[0]?.kid, kid].sort());
  const { session } = await openPicker();
  const { form } = await answer({ session, exercise_id: f.exerciseId });
  assert.equal(decodeProtectedHeader(form.fields.JWT as string).kid, kid);
  await jwtVerify(form.fields.JWT as string, createRemoteJWKSet(new URL(`${f.tool}/lti/jwks`)));
});
