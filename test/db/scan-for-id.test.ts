import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { scanForValue } from '../helpers/scan-for-id.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let db: TestDatabase;
before(async () => {
  db = await freshDatabase();
});
after(() => db.close());

test('the scan finds a value in any table and column: uuid, text, jsonb, array', async () => {
  const [tenant] = await db.knex('tenants').insert({ name: 'T', allowed_origins: ['https://x.example'] }).returning('id');
  const [user] = await db.knex('users').insert({ tenant_id: tenant.id, external_id: 'e1', display_name: 'Sam', role: 'learner' }).returning('id');
  await db.knex('audit_events').insert({ tenant_id: tenant.id, actor_kind: 'user', action: 'x', outcome: 'ok', detail: { nested: { who: user.id } }, resource: `user:${user.id}` });
  const sightings = await scanForValue(db.knex, user.id);
  const where = sightings.map((s) => `${s.table}.${s.column}`).sort();
  assert.deepEqual(where, ['audit_events.detail', 'audit_events.resource', 'users.id']);
  assert.deepEqual((await scanForValue(db.knex, 'https://x.example')).map((s) => `${s.table}.${s.column}`), ['tenants.allowed_origins']);
  assert.deepEqual(await scanForValue(db.knex, '00000000-dead-4000-8000-000000000000'), []);
});
