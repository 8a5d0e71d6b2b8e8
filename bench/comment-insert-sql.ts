// What PostgreSQL spends on a comment create, statement alone: the API's scoped insert
// (api/src/comments/comments.repository.ts) beside the bare INSERT of bench/bare-server.mjs, and
// the scoped insert without one part at a time. pgbench -M prepared, 10 clients, one thread each,
// alternated 5 s rounds, median transactions/s. Needs the PostgreSQL server and its pgbench.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { insertInScope } from '../api/src/comments/comments.repository.ts';
import { median, scratchDatabase } from './lib.ts';
import { seedThreads, type BenchClient } from './rest-harness.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CLIENTS = 10;
const BODY = 'The left foot lands late on count 3.';

const pgbench = ['/usr/bin/pgbench', ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`) : [])].find(existsSync);
if (!pgbench) throw new Error('pgbench not found (Debian: postgresql-client)');

const sql = (s: string) => `'${s.replace(/'/g, "''")}'`;
function without(text: string, part: RegExp, replacement = ''): string {
  const out = text.replace(part, replacement);
  if (out === text) throw new Error(`the scoped insert no longer contains ${part}`);
  return out;
}

/** The API's statement with the client's values in place; the idempotency key is pgbench's :k. */
function scoped(c: BenchClient, edit: (text: string) => string = (t) => t): string {
  const statement = insertInScope('owner');
  const values: Record<string, string> = {
    thread: sql(c.threadId), tenant: sql(c.tenantId), caller: sql(c.userId), start: '12500', end: '12500', body: sql(BODY),
    parent: 'NULL::uuid', key: "('k' || :k)", fingerprint: sql('a'.repeat(43)),
  };
  return edit(statement.text).replace(/\$(\d+)/g, (_m, n: string) => values[statement.parameters[Number(n) - 1]!]!);
}

const variants: Record<string, (c: BenchClient) => string> = {
  'bare INSERT': (c) => `INSERT INTO video_comments (thread_id, author_id, t_start_ms, t_end_ms, body) VALUES (${sql(c.threadId)}, ${sql(c.userId)}, 12500, 12500, ${sql(BODY)}) RETURNING *`,
  'bare INSERT with an idempotency key': (c) =>
    `INSERT INTO video_comments (thread_id, author_id, t_start_ms, t_end_ms, body, idempotency_key, idempotency_fingerprint) VALUES (${sql(c.threadId)}, ${sql(c.userId)}, 12500, 12500, ${sql(BODY)}, 'k' || :k, ${sql('a'.repeat(43))}) RETURNING *`,
  'API scoped insert': (c) => scoped(c),
  "API, without the author's name joined": (c) => scoped(c, (t) => without(t, /LEFT JOIN \(SELECT [\s\S]*? FROM ins JOIN users u ON u\.id = ins\.author_id\) x ON true/, 'LEFT JOIN ins x ON true')),
};

const scratch = await scratchDatabase('et_pgbench');
const dir = mkdtempSync(path.join(tmpdir(), 'et-pgbench-'));
try {
  const clients = await seedThreads(scratch.url, CLIENTS);
  const scripts = Object.entries(variants).map(([name, build], v) => ({
    name,
    files: clients.map((c, i) => {
      const file = path.join(dir, `${v}-${i}.sql`);
      writeFileSync(file, `\\set k random(1, 1000000000000)\n${build(c).replace(/\s+/g, ' ')};\n`);
      return file;
    }),
  }));
  const tps: Record<string, number[]> = Object.fromEntries(scripts.map((s) => [s.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const s of r % 2 ? [...scripts].reverse() : scripts) {
      const out = execFileSync(pgbench, ['-n', '-M', 'prepared', '-c', String(CLIENTS), '-j', '2', '-T', '5', ...s.files.flatMap((f) => ['-f', f]), scratch.url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      tps[s.name]!.push(Number(/tps = ([\d.]+)/.exec(out)![1]));
    }
  }
  const api = median(tps['API scoped insert']!);
  for (const s of scripts) console.log(`${s.name.padEnd(40)} ${median(tps[s.name]!).toFixed(0).padStart(6)} tx/s   ÷ API ${(median(tps[s.name]!) / api).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await scratch.drop();
}
