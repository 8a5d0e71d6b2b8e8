// Would batching creates pay? PostgreSQL's rows/s for the API's scoped insert, one comment per
// statement (10 clients), against one multi-row statement of B comments (2 clients, as a write
// coalescer limited to two statements in flight would send), the same rules per row: the caller's
// thread scope, the archive and duration checks, the idempotency key, the guard trigger.
// pgbench -M prepared, alternated 5 s rounds, medians. Needs the PostgreSQL server and its pgbench.
//   BENCH_ROUNDS=3 BATCH_SIZES=5,10,20 npx tsx bench/comment-insert-batch.ts
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { insertInScope } from '../api/src/comments/comments.repository.ts';
import { median, scratchDatabase } from './lib.ts';
import { seedThreads, type BenchClient } from './rest-harness.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = process.env.BENCH_SECONDS ?? '5';
const SIZES = (process.env.BATCH_SIZES ?? '5,10,20').split(',').map(Number);
const THREADS = 20;
const BODY = 'The left foot lands late on count 3.';
const PRINT = 'a'.repeat(43);

const pgbench = ['/usr/bin/pgbench', ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`) : [])].find(existsSync);
if (!pgbench) throw new Error('pgbench not found (Debian: postgresql-client)');
const sql = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The API's statement with one client's values in place, a fresh idempotency key each time. */
function single(c: BenchClient): string {
  const statement = insertInScope('owner');
  const values: Record<string, string> = {
    thread: sql(c.threadId), tenant: sql(c.tenantId), caller: sql(c.userId), start: '12500', end: '12500', body: sql(BODY),
    drawing: 'NULL', parent: 'NULL::uuid', attempt: 'NULL', key: "('k' || :k)", fingerprint: sql(PRINT),
  };
  return statement.text.replace(/\$(\d+)/g, (_m, n: string) => values[statement.parameters[Number(n) - 1]!]!);
}

/** The same rules for several comments in one statement: rows from a JSON array, each with its caller's scope. */
function batch(rows: BenchClient[]): string {
  // No `":` in the JSON: pgbench would read `:name` as a variable.
  const json = rows
    .map((c, n) => `'{"n": ${n}, "id": "' || gen_random_uuid() || '", "thread": "${c.threadId}", "tenant": "${c.tenantId}", "caller": "${c.userId}", "start_ms": 12500, "end_ms": 12500, "body": "${BODY}", "drawing": null, "parent": null, "attempt": null, "key": "k' || md5(random()::text) || '", "print": "${PRINT}"}'`)
    .join(" || ',' || ");
  return `WITH r AS (SELECT * FROM jsonb_to_recordset(CAST('[' || ${json} || ']' AS jsonb))
           AS r(n int, id uuid, thread uuid, tenant uuid, caller uuid, start_ms int, end_ms int, body text, drawing jsonb, parent uuid, attempt uuid, key text, print text)),
  t AS (SELECT r.n, e.duration_ms, e.archived_at IS NOT NULL AS archived
          FROM r JOIN personal_exercise_threads t ON t.id = r.thread JOIN exercise_videos e ON e.id = t.exercise_video_id
         WHERE t.tenant_id = r.tenant AND t.owner_id = r.caller),
  prior AS (SELECT r.n, c.id, c.idempotency_fingerprint FROM r JOIN video_comments c ON c.author_id = r.caller AND c.idempotency_key = r.key),
  ins AS (INSERT INTO video_comments (id, thread_id, author_id, t_start_ms, t_end_ms, body, drawing, parent_id, attempt_id, idempotency_key, idempotency_fingerprint, has_markers)
          SELECT r.id, r.thread, r.caller, r.start_ms, r.end_ms, r.body, r.drawing, r.parent, r.attempt, r.key, r.print, false FROM r JOIN t ON t.n = r.n
           WHERE NOT t.archived AND (r.attempt IS NOT NULL OR r.end_ms <= COALESCE(t.duration_ms, 86400000)) AND NOT EXISTS (SELECT 1 FROM prior WHERE prior.n = r.n)
           ORDER BY r.thread, r.n
          RETURNING *)
  SELECT r.n, t.archived, t.duration_ms, t.n IS NOT NULL AS in_scope, prior.id AS prior_id, prior.idempotency_fingerprint AS prior_fingerprint, x.*
    FROM r LEFT JOIN t ON t.n = r.n LEFT JOIN prior ON prior.n = r.n
    LEFT JOIN (SELECT ins.id, ins.thread_id, ins.author_id, ins.t_start_ms, ins.t_end_ms, ins.body, ins.drawing, ins.parent_id, ins.attempt_id, ins.seq,
                      et_iso(ins.created_at) AS created_at, et_iso(ins.updated_at) AS updated_at, et_iso(ins.edited_at) AS edited_at,
                      ins.deleted_at IS NOT NULL AS deleted, ins.hidden_at IS NOT NULL AS hidden, u.display_name AS author_name, u.role AS author_role, '[]'::json AS markers
                 FROM ins LEFT JOIN users u ON u.id = ins.author_id) x ON x.id = r.id
   ORDER BY r.n`;
}

const scratch = await scratchDatabase('et_batch');
const dir = mkdtempSync(path.join(tmpdir(), 'et-batch-'));
try {
  const clients = await seedThreads(scratch.url, THREADS);
  const write = (name: string, text: string, meta = '') => {
    const file = path.join(dir, `${name}.sql`);
    writeFileSync(file, `${meta}${text.replace(/\s+/g, ' ')};\n`);
    return file;
  };
  const sides = [
    // A pgbench variable: random() in the statement would be volatile, and the key's lookup a scan.
    { name: 'one comment a statement, 10 clients', rows: 1, clients: 10, files: clients.slice(0, 10).map((c, i) => write(`single-${i}`, single(c), '\\set k random(1, 1000000000000)\n')) },
    ...SIZES.map((size) => ({
      name: `${size} comments a statement, 2 clients`,
      rows: size,
      clients: 2,
      // Each client's batches name distinct threads, as concurrent learners' creates would.
      files: [0, 1].map((g) => write(`batch-${size}-${g}`, batch(Array.from({ length: size }, (_, j) => clients[(g * size + j) % THREADS]!)))),
    })),
  ];
  const rowsPerS: number[][] = sides.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const i of r % 2 ? [...sides.keys()].reverse() : [...sides.keys()]) {
      const s = sides[i]!;
      const out = execFileSync(pgbench, ['-n', '-M', 'prepared', '-c', String(s.clients), '-j', '2', '-T', SECONDS, ...s.files.flatMap((f) => ['-f', f]), scratch.url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      rowsPerS[i]!.push(Number(/tps = ([\d.]+)/.exec(out)![1]) * s.rows);
    }
  }
  const base = median(rowsPerS[0]!);
  for (const [i, s] of sides.entries()) console.log(`${s.name.padEnd(38)} ${median(rowsPerS[i]!).toFixed(0).padStart(6)} comments/s   ÷ one a statement ${(median(rowsPerS[i]!) / base).toFixed(2)}`);
} finally {
  if (process.env.KEEP) console.log(dir, scratch.url);
  else {
    rmSync(dir, { recursive: true, force: true });
    await scratch.drop();
  }
}
