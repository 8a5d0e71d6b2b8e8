// The tool's Assignment and Grade Services client against the test platform, over HTTP: the
// token endpoint verifies the tool's client assertion against the tool's own /lti/jwks.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SignJWT, generateKeyPair, type JWTPayload } from 'jose';
import { USERS } from '../../embed-demo/canvas/test-platform.ts';
import { AGS_SCOPES, AgsClient, AgsEndpoint, type Score } from '../../api/src/lti/ags-client.ts';
import type { PlatformRow } from '../../api/src/lti/lti.repository.ts';
import { PlatformServiceError } from '../../api/src/lti/platform-service-error.ts';
import { PlatformTokens } from '../../api/src/lti/platform-token.ts';
import { ltiFixture, type LtiFixture } from './lti-fixture.ts';

const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';

let f: LtiFixture;
let platform: PlatformRow;
before(async () => {
  f = await ltiFixture();
  [platform] = (await f.ctx.c.lti.repo.findPlatformsByIssuer(f.platform.issuer)) as [PlatformRow];
});
after(async () => {
  await f.close();
});
beforeEach(() => {
  f.platform.services.outage(0);
  f.platform.services.tokenLifetimeSeconds = 3600;
});

/** The AGS claim the platform puts in a learner's launch from the link. */
function endpoint(link = 'link-week-1'): AgsEndpoint {
  return AgsEndpoint.parse(f.platform.launchClaims(USERS.learner, 'n', { link })[AGS_CLAIM]);
}

function clients(now: () => number = Date.now) {
  const tokens = new PlatformTokens(f.ctx.c.lti.toolKeys, { now });
  return { tokens, ags: new AgsClient(tokens) };
}

describe('Assignment and Grade Services', () => {
  test('a score is posted with the claims AGS asks for, to a line item the tool made for the link, and reads back as a result', async () => {
    const { ags } = clients();
    const ep = endpoint();
    assert.equal(ep.lineitem, undefined, 'the platform has no line item for this link yet');
    const item = await ags.ensureLineItem(platform, ep, { resourceLinkId: 'link-week-1', resourceId: f.exerciseId, label: 'Monologue, take 1', scoreMaximum: 20 });
    assert.ok(item);
    assert.equal(f.platform.services.lineItems.get(item.id)?.resourceLinkId, 'link-week-1');
    assert.equal(item.scoreMaximum, 20);
    // A second launch finds it instead of making another.
    const again = await ags.ensureLineItem(platform, ep, { resourceLinkId: 'link-week-1', resourceId: f.exerciseId, label: 'Monologue, take 1', scoreMaximum: 20 });
    assert.equal(again?.id, item.id);
    assert.equal([...f.platform.services.lineItems.values()].filter((i) => i.resourceLinkId === 'link-week-1').length, 1);

    const score: Score = {
      userId: USERS.learner.id,
      scoreGiven: 17.5,
      scoreMaximum: 20,
      comment: 'Clear diction; breathe before the last line.',
      timestamp: new Date().toISOString(),
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    };
    await ags.postScore(platform, ep, item.id, score);
    // What the platform received, as it parsed the body.
    assert.deepEqual(f.platform.services.scores.get(item.id)?.at(-1), { ...score });
    const results = await ags.results(platform, ep, item.id, USERS.learner.id);
    assert.equal(results.length, 1);
    assert.equal(results[0]?.resultScore, 17.5);
    assert.equal(results[0]?.resultMaximum, 20);
  });

  test('a line item the platform made from the Deep Linking lineItem is the one the launch names, and is used as is', async () => {
    const made = f.platform.services.addLineItem({ label: 'Declared', scoreMaximum: 40, resourceLinkId: 'link-declared' });
    const { ags } = clients();
    const ep = endpoint('link-declared');
    assert.equal(ep.lineitem, made.id);
    const before = f.platform.services.lineItems.size;
    const item = await ags.ensureLineItem(platform, ep, { resourceLinkId: 'link-declared', resourceId: f.exerciseId, label: 'x', scoreMaximum: 100 });
    assert.equal(item?.id, made.id);
    assert.equal(item?.scoreMaximum, 40);
    assert.equal(f.platform.services.lineItems.size, before);
  });

  test('one token serves every call until it expires, then a new one is asked for', async () => {
    let clock = Date.now();
    const { ags, tokens } = clients(() => clock);
    f.platform.services.tokenLifetimeSeconds = 120;
    const ep = endpoint();
    const item = await ags.ensureLineItem(platform, ep, { resourceLinkId: 'link-week-1', resourceId: f.exerciseId, label: 'Monologue, take 1', scoreMaximum: 20 });
    assert.ok(item);
    const issued = f.platform.services.tokensIssued;
    const first = await tokens.token(platform, ep.scope);
    assert.equal(f.platform.services.tokensIssued, issued, 'the token of the line item calls is reused');
    const score = (at: number) =>
      ags.postScore(platform, ep, item.id, { userId: USERS.learner.id, scoreGiven: 10, scoreMaximum: 20, timestamp: new Date(at).toISOString(), activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    await score(clock);
    clock += 100_000; // 100 s of 120: still good
    await score(clock);
    assert.equal(await tokens.token(platform, ep.scope), first);
    assert.equal(f.platform.services.tokensIssued, issued);
    clock += 20_001; // past its expiry
    await score(clock);
    assert.equal(f.platform.services.tokensIssued, issued + 1);
    assert.notEqual(await tokens.token(platform, ep.scope), first);
  });

  test('a token the platform no longer accepts is replaced once, and the call goes through', async () => {
    const { ags } = clients();
    const ep = endpoint();
    await ags.findLineItems(platform, ep, {});
    f.platform.services.revokeTokens();
    const issued = f.platform.services.tokensIssued;
    await ags.findLineItems(platform, ep, {});
    assert.equal(f.platform.services.tokensIssued, issued + 1);
  });

  test('a client assertion signed with a key the tool does not publish gets no token', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forger = { sign: (p: JWTPayload, ttl: number) => new SignJWT(p).setProtectedHeader({ alg: 'RS256', kid: 'not-ours' }).setIssuedAt().setExpirationTime(`${ttl}s`).sign(privateKey) };
    const tokens = new PlatformTokens(forger);
    const error = await new AgsClient(tokens).findLineItems(platform, endpoint(), {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof PlatformServiceError, String(error));
    assert.equal(error.status, 401);
    assert.equal(error.retryable, false);
    assert.match(error.message, /invalid_client/);
  });

  test('an outage is reported as retryable, a refusal as final', async () => {
    const { ags } = clients();
    const ep = endpoint();
    f.platform.services.outage(1);
    const outage = await ags.findLineItems(platform, ep, {}).catch((e: unknown) => e);
    assert.ok(outage instanceof PlatformServiceError);
    assert.equal(outage.status, 503);
    assert.equal(outage.retryable, true);
    const refused = await ags.postScore(platform, { ...ep, scope: [AGS_SCOPES.lineItem] }, `${f.platform.services.lineItemsUrl}/nope`, {
      userId: 'u', timestamp: new Date().toISOString(), activityProgress: 'Submitted', gradingProgress: 'NotReady',
    }).catch((e: unknown) => e);
    assert.ok(refused instanceof PlatformServiceError);
    assert.equal(refused.retryable, false);
    assert.match(refused.message, /did not grant the scope .*score/);
  });
});
