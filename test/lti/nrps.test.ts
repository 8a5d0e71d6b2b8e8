// The tool's Names and Role Provisioning Services client against the test platform, over HTTP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NEVER_LAUNCHED, USERS } from '../../embed-demo/canvas/test-platform.ts';
import type { PlatformRow } from '../../api/src/lti/lti.repository.ts';
import { NrpsClaim, NrpsClient } from '../../api/src/lti/nrps-client.ts';
import { PlatformServiceError } from '../../api/src/lti/platform-service-error.ts';
import { PlatformTokens } from '../../api/src/lti/platform-token.ts';
import { ltiFixture, type LtiFixture } from './lti-fixture.ts';

const NRPS_CLAIM = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';

let f: LtiFixture;
let platform: PlatformRow;
let claim: NrpsClaim;
before(async () => {
  f = await ltiFixture();
  [platform] = (await f.ctx.c.lti.repo.findPlatformsByIssuer(f.platform.issuer)) as [PlatformRow];
  claim = NrpsClaim.parse(f.platform.launchClaims(USERS.instructor, 'n', { link: 'link-week-1' })[NRPS_CLAIM]);
});
after(async () => {
  await f.close();
});

test('the membership is read page by page through rel="next", and lists a learner who never launched', async () => {
  f.platform.services.pageSize = 2;
  const extra = Array.from({ length: 4 }, (_, i) => ({ user_id: `late-${i}`, status: 'Active' as const, roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'], name: `Late ${i}` }));
  const original = f.platform.services.members;
  f.platform.services.members = [...original, ...extra];
  try {
    const nrps = new NrpsClient(new PlatformTokens(f.ctx.c.lti.toolKeys));
    const hits = f.platform.services.serviceHits;
    const roster = await nrps.members(platform, claim.context_memberships_url);
    assert.equal(roster.pages, 4, '7 members, 2 a page');
    assert.equal(f.platform.services.serviceHits - hits, 4);
    assert.deepEqual(roster.members.map((m) => m.user_id), [USERS.learner.id, USERS.instructor.id, NEVER_LAUNCHED.id, 'late-0', 'late-1', 'late-2', 'late-3']);
    const grace = roster.members.find((m) => m.user_id === NEVER_LAUNCHED.id);
    assert.equal(grace?.name, 'Grace Newcomer');
    assert.equal(grace?.status, 'Active');
    assert.ok(roster.differences?.startsWith(claim.context_memberships_url), 'the last page offers the differences link');
  } finally {
    f.platform.services.members = original;
  }
});

test('a membership service that is down is reported as retryable; one whose pages loop ends with an error', async () => {
  const nrps = new NrpsClient(new PlatformTokens(f.ctx.c.lti.toolKeys), { maxPages: 2 });
  f.platform.services.outage(1);
  const down = await nrps.members(platform, claim.context_memberships_url).catch((e: unknown) => e);
  assert.ok(down instanceof PlatformServiceError && down.retryable && down.status === 503, String(down));
  f.platform.services.pageSize = 1;
  const endless = await nrps.members(platform, claim.context_memberships_url).catch((e: unknown) => e);
  f.platform.services.pageSize = 2;
  assert.ok(endless instanceof PlatformServiceError && !endless.retryable, String(endless));
  assert.match(endless.message, /pages do not end/);
});
