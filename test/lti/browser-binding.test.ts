// The login bound to the browser (HTTP level; the browser test shows the same in Chromium).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS } from '../../embed-demo/canvas/test-platform.ts';
import { attribute, ltiFixture, postLaunch, readForm, startLogin, type LtiFixture } from './lti-fixture.ts';

let f: LtiFixture;
before(async () => {
  f = await ltiFixture();
});
after(async () => {
  await f.close();
});

async function signedLaunch(state: string, nonce: string, cookie: string | null) {
  const res = await postLaunch(f, await f.platform.sign(f.platform.launchClaims(USERS.learner, nonce, { link: 'link-week-1' })), state, cookie);
  return { res, html: await res.text() };
}

describe('the partitioned cookie', () => {
  test('the login sets the browser cookie SameSite=None; Secure; Partitioned; HttpOnly, for /lti/ only, and keeps one id per browser', async () => {
    const res = await fetch(f.platform.loginUrl('learner', { link: 'link-week-1' }), { redirect: 'manual' });
    assert.equal(res.status, 302);
    const set = res.headers.get('set-cookie') ?? '';
    assert.match(set, /^lti_browser=[A-Za-z0-9_-]{32};/);
    for (const attr of ['SameSite=None', 'Secure', 'Partitioned', 'HttpOnly', 'Path=/lti/', 'Max-Age=600']) assert.ok(set.split('; ').includes(attr), `${attr} in ${set}`);
    const cookie = set.split(';')[0] as string;
    const again = await fetch(f.platform.loginUrl('learner', { link: 'link-week-1' }), { redirect: 'manual', headers: { cookie } });
    assert.equal(again.headers.get('set-cookie')?.split(';')[0], cookie, 'a second login in the same browser keeps its id');
  });

  test('a launch bringing the cookie of the browser that logged in opens; another browser’s cookie is refused with a clear page', async () => {
    const mine = await startLogin(f);
    const ok = await signedLaunch(mine.state, mine.nonce, f.cookie ?? null);
    assert.equal(ok.res.status, 200, ok.html);
    assert.match(ok.html, /<exercise-thread/);

    const victim = await startLogin(f);
    const otherBrowser = (await fetch(f.platform.loginUrl('learner', { link: 'link-week-1' }), { redirect: 'manual' })).headers.get('set-cookie')?.split(';')[0];
    assert.ok(otherBrowser && otherBrowser !== f.cookie);
    const refused = await signedLaunch(victim.state, victim.nonce, otherBrowser);
    assert.equal(refused.res.status, 403);
    assert.match(refused.html, /started in another browser/);
    assert.doesNotMatch(refused.html, /<exercise-thread/);
    // And the state is spent: the right browser cannot use it after the refusal either.
    const late = await signedLaunch(victim.state, victim.nonce, f.cookie ?? null);
    assert.equal(late.res.status, 401);
  });

  test('a launch with no cookie at all offers "Open in a new window", which restarts the same login top-level with the cookie first-party', async () => {
    const { state, nonce } = await startLogin(f);
    const page = await signedLaunch(state, nonce, null);
    assert.equal(page.res.status, 401);
    assert.doesNotMatch(page.html, /<exercise-thread/);
    assert.match(page.html, /<form method="get" action="login" target="_blank">/);
    assert.match(page.html, /<button type="submit">Open in a new window<\/button>/);
    const restart = readForm(page.html);
    assert.equal(restart.fields.new_window, '1');
    assert.equal(restart.fields.login_hint, USERS.learner.id);
    assert.equal(restart.fields.iss, f.platform.issuer);
    assert.equal(restart.fields.lti_message_hint, JSON.stringify({ link: 'link-week-1' }));

    // The new window: a login of its own, with its own (first-party) cookie.
    const login = await fetch(`${f.tool}/lti/${restart.action}?${new URLSearchParams(restart.fields)}`, { redirect: 'manual' });
    assert.equal(login.status, 302);
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    const location = new URL(login.headers.get('location') ?? '');
    const windowState = location.searchParams.get('state') as string;
    const windowNonce = location.searchParams.get('nonce') as string;
    const opened = await signedLaunch(windowState, windowNonce, cookie ?? null);
    assert.equal(opened.res.status, 200, opened.html);
    assert.match(opened.html, /<exercise-thread/);
  });

  test('a login restarted in a new window whose launch still brings no cookie is refused: no loop of new windows', async () => {
    const url = new URL(f.platform.loginUrl('learner', { link: 'link-week-1' }));
    url.searchParams.set('new_window', '1');
    const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '');
    const res = await signedLaunch(location.searchParams.get('state') as string, location.searchParams.get('nonce') as string, null);
    assert.equal(res.res.status, 401);
    assert.match(res.html, /keeps no cookies for this tool/);
    assert.doesNotMatch(res.html, /Open in a new window/);
  });
});

describe('the postMessage platform storage', () => {
  test('a login offering lti_storage_target answers a page that stores state and nonce in the platform frame, and sets no cookie', async () => {
    const url = new URL(f.platform.loginUrl('learner', { link: 'link-week-1' }));
    url.searchParams.set('lti_storage_target', '_parent');
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.match(res.headers.get('content-security-policy') ?? '', new RegExp(`frame-ancestors 'self' ${f.platform.url}`));
    const html = await res.text();
    const data = (name: string) => attribute(html, 'script', `data-${name}`)?.replace(/&#38;/g, '&');
    assert.equal(attribute(html, 'script', 'src'), 'login-storage.js');
    assert.equal(data('target'), '_parent');
    assert.equal(data('origin'), f.platform.url, 'messages go to the platform’s origin only');
    const next = new URL(data('next') as string);
    assert.equal(next.origin + next.pathname, f.platform.authUrl);
    const state = next.searchParams.get('state') as string;
    assert.equal(data('state'), state);
    assert.equal(data('state-key'), `state_${state}`);
    assert.equal(data('nonce-key'), `nonce_${next.searchParams.get('nonce')}`);
    // When the frame does not answer, the page falls back to the cookie login.
    const fallback = new URL(data('fallback') as string);
    assert.equal(fallback.pathname, '/lti/login');
    assert.equal(fallback.searchParams.get('lti_storage_target'), null);
    assert.equal((await fetch(fallback, { redirect: 'manual' })).headers.get('set-cookie')?.startsWith('lti_browser='), true);

    // The launch (no cookie needed) keeps the activity in a template until the page has checked the platform's storage.
    const launch = await signedLaunch(state, next.searchParams.get('nonce') as string, null);
    assert.equal(launch.res.status, 200, launch.html);
    assert.match(launch.html, /<template id="launch">[\s\S]*<exercise-thread[\s\S]*<\/template>/);
    assert.match(launch.html, /<script src="launch-storage.js" data-target="_parent"/);
    assert.match(launch.html, /id="binding-refused" hidden/);
  });
});
