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
});

test('no request above met an unexpected error', () => assert.deepEqual(ctx.unexpected, []));
