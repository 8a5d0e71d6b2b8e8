import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from '../helpers/context.ts';
import { useWorld, type World } from '../helpers/world.ts';

let ctx: TestContext;
let w: World;
useWorld((c, world) => ([ctx, w] = [c, world]), { TOKEN_TTL_SECONDS: '600', TOKEN_MAX_TTL_SECONDS: '1200' });

const key = () => ({ Authorization: `Bearer ${w.tenantA.apiKey}` });
const mint = (body: unknown) => ctx.http().post('/api/v1/tokens').set(key()).send(body as object);

describe('POST /tokens', () => {
  test('mints a working token for the named user, upserting them in the key’s tenant', async () => {
    const res = await mint({ user: { external_id: 'new-learner', name: 'Nia New', role: 'learner' } });
    assert.equal(res.status, 201);
    assert.deepEqual([res.body.token_type, res.body.expires_in, res.body.user.name, res.body.user.role], ['Bearer', 600, 'Nia New', 'learner']);
    assert.equal((await ctx.http().get('/api/v1/threads').set(w.as(res.body.access_token))).status, 200);
    const again = await mint({ user: { external_id: 'new-learner', name: 'Nia Renamed', role: 'learner' } });
    assert.deepEqual([again.body.user.id, again.body.user.name], [res.body.user.id, 'Nia Renamed']);
  });

  test('ttl_seconds is honoured up to the configured maximum', async () => {
    const short = await mint({ user: { external_id: 'ttl', name: 'T', role: 'learner' }, ttl_seconds: 120 });
    assert.equal(short.body.expires_in, 120);
    const long = await mint({ user: { external_id: 'ttl', name: 'T', role: 'learner' }, ttl_seconds: 86_400 });
    assert.equal(long.body.expires_in, 1200);
  });

  test('a user token may not mint; a bad role or an unknown field is 422', async () => {
    const byUser = await ctx.http().post('/api/v1/tokens').set(w.as(w.actors.author)).send({ user: { external_id: 'x', name: 'X', role: 'learner' } });
    assert.equal(byUser.status, 403);
    assert.match(byUser.headers['content-type'] ?? '', /application\/problem\+json/);
    const role = await mint({ user: { external_id: 'x', name: 'X', role: 'admin' } });
    assert.deepEqual([role.status, role.body.errors[0].field], [422, 'user.role']);
    assert.equal((await mint({ user: { external_id: 'x', name: 'X', role: 'learner' }, scope: 'all' })).status, 422);
  });
});

test('no request above met an unexpected error', () => assert.deepEqual(ctx.unexpected, []));
