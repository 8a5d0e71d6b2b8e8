import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import { PlatformKeys } from '../../api/src/lti/platform-keys.ts';

async function key(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256' } as JWK };
}

/** A JWKS endpoint under the test's control, and a clock. */
function harness(keys: JWK[], cacheControl: string | undefined) {
  const state = { keys, cacheControl, down: false, hits: 0, now: 1_000_000 };
  const fetchImpl = (async () => {
    state.hits += 1;
    if (state.down) throw new TypeError('fetch failed');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (state.cacheControl) headers['cache-control'] = state.cacheControl;
    return new Response(JSON.stringify({ keys: state.keys }), { headers });
  }) as typeof fetch;
  const keySets = new PlatformKeys({ fetch: fetchImpl, now: () => state.now, missCooldownMs: 10_000 });
  return { state, resolver: keySets.resolver('https://lms.example/jwks') };
}

const sign = (k: Awaited<ReturnType<typeof key>>) =>
  new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256', kid: k.kid }).setIssuedAt().setExpirationTime('5m').sign(k.privateKey);

test('honours Cache-Control max-age, then refreshes', async () => {
  const a = await key('a');
  const h = harness([a.jwk], 'public, max-age=60');
  await jwtVerify(await sign(a), h.resolver);
  h.state.now += 59_000;
  await jwtVerify(await sign(a), h.resolver);
  assert.equal(h.state.hits, 1, 'served from the cache inside max-age');
  h.state.now += 2_000;
  await jwtVerify(await sign(a), h.resolver);
  assert.equal(h.state.hits, 2, 'refetched once stale');
});

test('works from the cache when the JWKS endpoint is down', async () => {
  const a = await key('a');
  const h = harness([a.jwk], 'max-age=60');
  await jwtVerify(await sign(a), h.resolver);
  h.state.now += 3_600_000;
  h.state.down = true;
  await jwtVerify(await sign(a), h.resolver);
  assert.equal(h.state.hits, 2, 'tried to refresh, then used the stale set');
});

test('an unknown kid refetches once, and not again within the cooldown', async () => {
  const a = await key('a');
  const b = await key('b');
  const forged = await key('forged');
  const h = harness([a.jwk], 'max-age=3600');
  await jwtVerify(await sign(a), h.resolver);
  h.state.keys = [a.jwk, b.jwk];
  h.state.now += 20_000;
  await jwtVerify(await sign(b), h.resolver);
  assert.equal(h.state.hits, 2, 'rotation picked up with one refetch');
  await jwtVerify(await sign(a), h.resolver);
  assert.equal(h.state.hits, 2);
  await assert.rejects(jwtVerify(await sign(forged), h.resolver), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
  await assert.rejects(jwtVerify(await sign(forged), h.resolver), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
  assert.equal(h.state.hits, 2, 'forged kids within the cooldown fetch nothing');
  h.state.now += 11_000;
  await assert.rejects(jwtVerify(await sign(forged), h.resolver), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
  assert.equal(h.state.hits, 3, 'after the cooldown, one refetch');
});

test('no Cache-Control: the default lifetime; no-store: refresh every time', async () => {
  const a = await key('a');
  const h = harness([a.jwk], undefined);
  await jwtVerify(await sign(a), h.resolver);
  h.state.now += 5 * 60_000;
  await jwtVerify(await sign(a), h.resolver);
  assert.equal(h.state.hits, 1);
  const n = harness([a.jwk], 'no-store');
  await jwtVerify(await sign(a), n.resolver);
  await jwtVerify(await sign(a), n.resolver);
  assert.equal(n.state.hits, 2);
});
