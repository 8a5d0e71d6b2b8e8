import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, test } from 'node:test';
import { prepareContainer, startJobs, stopJobs, type Container } from '../../api/src/container.ts';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../api/src/db/database.ts';
import { testConfig } from '../helpers/context.ts';
import { freshDatabase, NEEDS_SERVER, type TestDatabase } from '../helpers/database.ts';

// Several API processes starting at the same moment on an empty database (a deployment's first
// start, every node restarted at once): each has its own connections, as three processes would.
// Without turns, two create knex's migration lock table at once and one start fails; two seed the
// demo; two create the same job queue. With `prepareContainer`, one migrates and seeds while the
// others wait, and `startJobs` tolerates another process creating the same queue.

let db: TestDatabase | undefined;
const handles: Database[] = [];
const containers: Container[] = [];

after(async () => {
  await Promise.allSettled(containers.map(stopJobs));
  await Promise.allSettled(handles.map((h) => h.close()));
  await db?.close();
});

test('three starts at once on an empty database all succeed, with one schema, one demo tenant and each job queue once', { skip: NEEDS_SERVER, timeout: 180_000 }, async () => {
  db = await freshDatabase({ migrate: false });
  const config = testConfig({ DATABASE_URL: db.url!, DEMO_MODE: 'true' });
  handles.push(...(await Promise.all([0, 1, 2].map(() => openDatabase({ url: db!.url!, dataDir: 'memory://', poolMax: 5 })))));

  const prepared = await Promise.allSettled(handles.map((h) => prepareContainer(config, h)));
  assert.deepEqual(prepared.map((p) => (p.status === 'rejected' ? String(p.reason) : 'ok')), ['ok', 'ok', 'ok']);
  const ok = prepared.map((p) => (p as PromiseFulfilledResult<Awaited<ReturnType<typeof prepareContainer>>>).value);
  containers.push(...ok.map((p) => p.container));
  assert.equal(ok.filter((p) => p.seeded).length, 1, 'one start seeded the demo');

  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.ts'));
  const ran = await db.knex('knex_migrations').select('name');
  assert.equal(ran.length, files.length);
  assert.equal(new Set(ran.map((r) => r.name)).size, files.length);
  const tenants = await db.knex('tenants').count({ count: '*' }).first();
  assert.equal(Number(tenants?.count), 1);

  const started = await Promise.allSettled(containers.map((c) => startJobs(c, config)));
  assert.deepEqual(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ok')), ['ok', 'ok', 'ok']);
  const queues = await db.knex.withSchema('pgboss').from('queue').select('name');
  assert.equal(new Set(queues.map((q) => q.name)).size, queues.length);
  assert.ok(queues.length >= 5, `queues: ${queues.map((q) => q.name).join(', ')}`);
});
