// The launch's edge cases: Deep Linking data of any JSON type, the anonymous launch, institution roles.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { USERS } from '../../embed-demo/canvas/test-platform.ts';
import { mapRoles } from '../../api/src/lti/lti-claims.ts';
import { attribute, ltiFixture, postLaunch, readForm, startLogin, type LtiFixture } from './lti-fixture.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const LTI_DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const INSTITUTION = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';
const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

let f: LtiFixture;
before(async () => {
  f = await ltiFixture();
});
after(async () => {
  await f.close();
});

test('Deep Linking data of every JSON type is echoed back unchanged, through the platform', async () => {
  for (const data of [{ course: 'FILM 101', placement: { week: 1, tags: ['a', 'b'] }, graded: true }, [1, 'two', null], 42, 'plain', false, null]) {
    f.platform.deepLinkingData = data;
    const { location } = await startLogin(f, 'instructor', { deepLink: true });
    const auth = readForm(await (await fetch(location)).text());
    const launch = await postLaunch(f, auth.fields.id_token as string, auth.fields.state as string);
    const picker = await launch.text();
    assert.equal(launch.status, 200, `${JSON.stringify(data)}: ${picker}`);
    const answer = await fetch(`${f.tool}/lti/deep-link`, { method: 'POST', body: new URLSearchParams({ session: readForm(picker).fields.session as string, exercise_id: f.exerciseId }) });
    const form = readForm(await answer.text());
    const back = await fetch(form.action, { method: 'POST', body: new URLSearchParams(form.fields) });
    assert.equal(back.status, 200, await back.text());
    assert.deepEqual(f.platform.lastDeepLinking?.[`${LTI_DL}data`], data, `data ${JSON.stringify(data)}`);
  }
  f.platform.deepLinkingData = undefined;
});

test('the Deep Linking answer declares a line item, and the platform makes the gradebook column for the new link', async () => {
  const before = f.platform.services.lineItems.size;
  const { location } = await startLogin(f, 'instructor', { deepLink: true });
  const auth = readForm(await (await fetch(location)).text());
  const picker = await (await postLaunch(f, auth.fields.id_token as string, auth.fields.state as string)).text();
  const answer = await fetch(`${f.tool}/lti/deep-link`, { method: 'POST', body: new URLSearchParams({ session: readForm(picker).fields.session as string, exercise_id: f.exerciseId }) });
  const form = readForm(await answer.text());
  await (await fetch(form.action, { method: 'POST', body: new URLSearchParams(form.fields) })).text();
  const [item] = f.platform.lastDeepLinking?.[`${LTI_DL}content_items`] as { lineItem?: { scoreMaximum: number; resourceId: string } }[];
  assert.deepEqual(item?.lineItem && { max: item.lineItem.scoreMaximum, resource: item.lineItem.resourceId }, { max: 100, resource: f.exerciseId });
  assert.equal(f.platform.services.lineItems.size, before + 1);
  const link = f.platform.links.at(-1);
  assert.equal([...f.platform.services.lineItems.values()].at(-1)?.resourceLinkId, link?.id);
});

test('an anonymous launch (no sub) gets a page saying the activity needs the user’s identity, and which setting to change', async () => {
  const { state, nonce } = await startLogin(f, 'learner');
  const claims = f.platform.launchClaims(USERS.learner, nonce, { link: 'link-week-1' });
  delete claims.sub;
  delete claims.name;
  const res = await postLaunch(f, await f.platform.sign(claims), state);
  const html = await res.text();
  assert.equal(res.status, 401);
  assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  assert.match(html, /needs to know who you are/);
  assert.match(html, /Privacy Level/);
  assert.match(html, /Share launcher&#8217;s name with tool|Share launcher’s name with tool/);
  assert.doesNotMatch(html, /<exercise-thread/);
});

async function roleAfterLaunch(roles: string[], sub: string): Promise<string | undefined> {
  const { state, nonce } = await startLogin(f, 'learner');
  const claims = f.platform.launchClaims({ ...USERS.learner, id: sub, roles }, nonce, { link: 'link-week-1' });
  const res = await postLaunch(f, await f.platform.sign(claims), state);
  const html = await res.text();
  assert.equal(res.status, 200, html);
  return attribute(html, 'exercise-thread', 'data-role');
}

test('an institution-only Instructor is not the course’s instructor; the course role decides', async () => {
  assert.equal(await roleAfterLaunch([`${INSTITUTION}Instructor`], 'faculty-only'), 'learner');
  assert.equal(await roleAfterLaunch([`${INSTITUTION}Instructor`, `${MEMBERSHIP}Learner`], 'faculty-learner'), 'learner');
  assert.equal(await roleAfterLaunch([`${INSTITUTION}Student`, `${MEMBERSHIP}Instructor`], 'student-teaching'), 'instructor');
  // LTI 1.1's URNs, still allowed in LTI 1.3 launches, mean the same.
  assert.equal(mapRoles(['urn:lti:instrole:ims/lis/Instructor']), 'learner');
  assert.equal(mapRoles(['urn:lti:role:ims/lis/Instructor']), 'instructor');
  assert.equal(mapRoles(['urn:lti:role:ims/lis/Instructor/TeachingAssistant']), 'instructor');
  assert.equal(mapRoles(['urn:lti:instrole:ims/lis/Administrator', 'urn:lti:role:ims/lis/Learner']), 'moderator');
  assert.equal(mapRoles([`${LTI}unknown#Instructor`]), 'learner');
});
