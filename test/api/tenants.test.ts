import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from '../helpers/context.ts';
import { useWorld, type World } from '../helpers/world.ts';

let ctx: TestContext;
let w: World;
useWorld((c, world) => ([ctx, w] = [c, world]));

const key = () => ({ Authorization: `Bearer ${w.tenantA.apiKey}` });

describe('tenant', () => {
  test('an API key reads and renames its own tenant, and only its own', async () => {
    const mine = await ctx.http().get('/api/v1/tenant').set(key());
    assert.deepEqual([mine.status, mine.body.id, mine.body.name], [200, w.tenantA.tenant.id, 'Tenant A']);
    const renamed = await ctx.http().patch('/api/v1/tenant').set(key()).send({ name: 'Tenant A, renamed' });
    assert.equal(renamed.body.name, 'Tenant A, renamed');
    const theirs = await ctx.http().get('/api/v1/tenant').auth(w.tenantB.apiKey, { type: 'bearer' });
    assert.equal(theirs.body.name, 'Tenant B');
  });

  test('allowed origins are bare origins; an empty patch or a user token is refused', async () => {
    const ok = await ctx.http().patch('/api/v1/tenant').set(key()).send({ allowed_origins: ['https://lms-a.example', 'https://other.example'] });
    assert.deepEqual(ok.body.allowed_origins, ['https://lms-a.example', 'https://other.example']);
    const path = await ctx.http().patch('/api/v1/tenant').set(key()).send({ allowed_origins: ['https://x.example/path'] });
    assert.equal(path.status, 422);
    assert.equal((await ctx.http().patch('/api/v1/tenant').set(key()).send({ colour: 'red' })).status, 422);
    const user = await ctx.http().get('/api/v1/tenant').set(w.as(w.actors.author));
    assert.equal(user.status, 403);
    assert.match(user.headers['content-type'] ?? '', /application\/problem\+json/);
  });

  test('erasure policy, LRS and retention: set, read back, validated; the LRS password is sealed and never answered', async () => {
    const set = await ctx.http().patch('/api/v1/tenant').set(key()).send({
      erasure_policy: 'delete',
      lrs: { endpoint: 'https://93.184.216.34/xapi/', username: 'lrs-user', password: 'PASSWORD-NEVER-SHOWN' },
      retention: { archived_exercise_days: 365, warn_days: 7 },
    });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.erasure_policy, 'delete');
    assert.deepEqual(set.body.lrs, { endpoint: 'https://93.184.216.34/xapi/', username: 'lrs-user', password_set: true });
    assert.deepEqual(set.body.retention, { archived_exercise_days: 365, attempt_days: null, warn_days: 7 });
    const read = await ctx.http().get('/api/v1/tenant').set(key());
    assert.ok(!read.text.includes('PASSWORD-NEVER-SHOWN') && !set.text.includes('PASSWORD-NEVER-SHOWN'));
    const row = await ctx.db.knex('tenants').where({ id: w.tenantA.tenant.id }).first('lrs_password_sealed');
    assert.ok(row.lrs_password_sealed.startsWith('v1.') && !row.lrs_password_sealed.includes('PASSWORD'));

    for (const bad of [
      { erasure_policy: 'shred' },
      { lrs: { endpoint: 'ftp://lrs.example/', username: 'u', password: 'p' } },
      { lrs: { endpoint: 'https://lrs.example/xapi/', username: 'u' } },
      // Loopback and private addresses are refused unless WEBHOOKS_ALLOW_PRIVATE_URLS (development, tests).
      { lrs: { endpoint: 'https://127.0.0.1/xapi/', username: 'u', password: 'p' } },
      { retention: { warn_days: -1 } },
      { retention: { archived_exercise_days: 0 } },
      { retention: { keep: 'forever' } },
    ]) {
      const res = await ctx.http().patch('/api/v1/tenant').set(key()).send(bad);
      assert.equal(res.status, 422, `${JSON.stringify(bad)}: ${res.text}`);
    }
    const off = await ctx.http().patch('/api/v1/tenant').set(key()).send({ lrs: null, retention: { archived_exercise_days: null } });
    assert.deepEqual([off.body.lrs, off.body.retention.archived_exercise_days, off.body.retention.warn_days], [null, null, 7]);
  });
});

test('no request above met an unexpected error', () => assert.deepEqual(ctx.unexpected, []));
