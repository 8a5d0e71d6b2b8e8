// Issue 2's figures: how long the embedded database takes to start, and how fast comments go in
// through Knex on the embedded engine and on the PostgreSQL server, measured in one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrateLatest, openDatabase, type Database } from '../api/src/db/database.ts';
import { CommentsRepository } from '../api/src/comments/comments.repository.ts';
import { median, scratchDatabase } from './lib.ts';

const ROUNDS = 5;
const COMMENTS = 2000;

async function seedThread(db: Database) {
  const k = db.knex;
  const [t] = await k('tenants').insert({ name: 'bench' }).returning('id');
  const [u] = await k('users').insert({ tenant_id: t.id, external_id: 'l', display_name: 'L', role: 'learner' }).returning('id');
  const [e] = await k('exercise_videos').insert({ tenant_id: t.id, creator_id: u.id, title: 'E', source_type: 'url', source_url: 'https://x/y.mp4' }).returning('id');
  const [th] = await k('personal_exercise_threads').insert({ tenant_id: t.id, exercise_video_id: e.id, owner_id: u.id }).returning('id');
  return { threadId: th.id as string, userId: u.id as string, tenantId: t.id as string };
}

async function insertRate(db: Database): Promise<number> {
  const { threadId, userId, tenantId } = await seedThread(db);
  const repo = new CommentsRepository(db.knex);
  const started = performance.now();
  for (let i = 0; i < COMMENTS; i++) {
    await repo.insertInScope({ kind: 'owner', tenantId, userId }, { thread_id: threadId, author_id: userId, t_start_ms: i, t_end_ms: i, body: `comment ${i}`, drawing: null, parent_id: null, attempt_id: null, idempotency_key: null, idempotency_fingerprint: null });
  }
  return COMMENTS / ((performance.now() - started) / 1000);
}

export async function benchDatabase(): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'et-bench-'));
  const coldStarts: number[] = [];
  const warmStarts: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const folder = path.join(dir, `cold-${i}`);
      let t0 = performance.now();
      let db = await openDatabase({ dataDir: folder });
      await migrateLatest(db.knex);
      coldStarts.push(performance.now() - t0);
      await db.close();
      // A warm start: an existing, migrated folder (the run command's every start after the first).
      t0 = performance.now();
      db = await openDatabase({ dataDir: folder });
      await migrateLatest(db.knex);
      await db.knex.raw('select 1');
      warmStarts.push(performance.now() - t0);
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const embeddedRates: number[] = [];
  const serverRates: number[] = [];
  for (let i = 0; i < 3; i++) {
    // Alternated, so drift on a shared machine hits both sides alike.
    const embedded = await openDatabase({ dataDir: 'memory://' });
    await migrateLatest(embedded.knex);
    embeddedRates.push(await insertRate(embedded));
    await embedded.close();
    const scratch = await scratchDatabase('et_bench_db');
    const server = await openDatabase({ url: scratch.url, dataDir: 'memory://', poolMax: 1 });
    await migrateLatest(server.knex);
    serverRates.push(await insertRate(server));
    await server.close();
    await scratch.drop();
  }
  return {
    embedded_cold_start_and_migrate_ms: median(coldStarts),
    embedded_warm_start_ms: median(warmStarts),
    embedded_comment_inserts_per_s: median(embeddedRates),
    server_comment_inserts_per_s: median(serverRates),
    embedded_to_server_ratio: median(embeddedRates) / median(serverRates),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchDatabase();
  console.log(JSON.stringify(figures, null, 2));
}
