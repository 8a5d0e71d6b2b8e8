// What the REST benchmarks share: a seeded scratch database, the API and bare servers as child
// processes, and one autocannon run of the two hot requests. One thread per connection, as real
// traffic spreads over many threads.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { loadConfig } from '../api/src/config.ts';
import { createContainer } from '../api/src/container.ts';
import { migrateLatest, openDatabase } from '../api/src/db/database.ts';

export const BENCH_SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
export type Op = 'create' | 'read';
/** The API, the bare handler on the real table (with its trigger), the bare handler on a plain table (the physical limit). */
export type Target = 'api' | 'bare' | 'plain';
export interface BenchClient {
  token: string;
  threadId: string;
  userId: string;
  tenantId: string;
}

/** Migrates `url` and seeds one learner thread per client, each with a page worth reading (50 comments). */
export async function seedThreads(url: string, count: number): Promise<BenchClient[]> {
  const db = await openDatabase({ url, dataDir: 'memory://', poolMax: 2 });
  await migrateLatest(db.knex);
  const c = createContainer(loadConfig({ DATABASE_URL: url, JWT_SECRET: BENCH_SECRET }), db, () => {});
  const { tenant } = await c.tenants.create({ name: 'bench', allowedOrigins: [] });
  const author = await c.users.mintToken(tenant.id, { externalId: 'author', name: 'Author', role: 'instructor' }, 86_400);
  const exercise = await c.exercises.create(
    { kind: 'user', tenantId: tenant.id, userId: author.user.id, role: 'instructor' },
    { title: 'Bench', source: { type: 'url', url: 'https://media.example/b.mp4' } },
  );
  const clients: BenchClient[] = [];
  for (let i = 0; i < count; i++) {
    const learner = await c.users.mintToken(tenant.id, { externalId: `l${i}`, name: `Learner ${i}`, role: 'learner' }, 86_400);
    const principal = { kind: 'user', tenantId: tenant.id, userId: learner.user.id, role: 'learner' } as const;
    const { thread } = await c.threads.create(principal, exercise.id);
    for (let j = 0; j < 50; j++) await c.comments.create(principal, { thread_id: thread.id, t_start: j, body: `seed ${j}` });
    clients.push({ token: learner.accessToken, threadId: thread.id, userId: learner.user.id, tenantId: tenant.id });
  }
  await db.close();
  return clients;
}

function startProcess(args: string[], env: Record<string, string>, cwd?: string, node = process.execPath): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (d: Buffer) => {
      if (/listening|is running/.test(d.toString())) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

/**
 * The real API with every rule in force, rate limits raised out of the way. `cwd` runs another
 * checkout's API (an A/B); `nodeFlags` go to Node before the entry point; `node` is another Node
 * binary (an A/B of runtimes). Request logs off (LOG_LEVEL=warn), as in the figures before them.
 */
export function startApi(url: string, port: number, pool: number, options: { cwd?: string; nodeFlags?: string[]; node?: string | undefined } = {}): Promise<ChildProcess> {
  return startProcess([...(options.nodeFlags ?? []), '--import', 'tsx', 'api/src/server.ts'], {
    PORT: String(port), DATABASE_URL: url, DATABASE_POOL_MAX: String(pool), JWT_SECRET: BENCH_SECRET, DEMO_MODE: 'off',
    RATE_LIMIT_USER_MAX: '100000000', RATE_LIMIT_IP_MAX: '100000000', MEDIA_WORKER: 'false', NODE_ENV: 'production', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  }, options.cwd, options.node);
}

/** The baseline: bench/bare-server.mjs, told each thread's owner (it has no authentication); `table` for the plain one; `apiHeaders` adds the API's answer headers. */
export function startBare(url: string, port: number, pool: number, clients: BenchClient[], table = 'video_comments', apiHeaders = false): Promise<ChildProcess> {
  const authorByThread = Object.fromEntries(clients.map((c) => [c.threadId, c.userId]));
  return startProcess([new URL('./bare-server.mjs', import.meta.url).pathname], {
    PORT: String(port), DATABASE_URL: url, DATABASE_POOL_MAX: String(pool), BARE_AUTHOR_BY_THREAD: JSON.stringify(authorByThread), BARE_TABLE: table, BARE_API_HEADERS: apiHeaders ? '1' : '0',
  });
}

export const PLAIN_TABLE = 'bench_plain_comments';

/**
 * The physical limit's table: the comments' columns with their defaults, no trigger, no foreign
 * key, the primary key and the timeline index a page read needs; `seq` numbered by the table
 * itself (the trigger numbers it per thread). Filled with the seeded comments, so pages match.
 */
export async function createPlainTable(url: string): Promise<void> {
  const db = await openDatabase({ url, dataDir: 'memory://', poolMax: 1 });
  await db.knex.raw(`CREATE TABLE ${PLAIN_TABLE} (LIKE video_comments INCLUDING DEFAULTS)`);
  // Not the times' stored ISO text: the bare handler formats the timestamps itself.
  await db.knex.raw(`ALTER TABLE ${PLAIN_TABLE} DROP COLUMN created_iso, DROP COLUMN updated_iso`);
  await db.knex.raw(`ALTER TABLE ${PLAIN_TABLE} ALTER COLUMN seq ADD GENERATED BY DEFAULT AS IDENTITY, ADD PRIMARY KEY (id)`);
  await db.knex.raw(`CREATE INDEX ON ${PLAIN_TABLE} (thread_id, t_start_ms, id)`);
  const columns = (await db.knex.raw<{ rows: { column_name: string }[] }>(`SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`, [PLAIN_TABLE])).rows
    .map((r) => `"${r.column_name}"`)
    .join(', ');
  await db.knex.raw(`INSERT INTO ${PLAIN_TABLE} (${columns}) SELECT ${columns} FROM video_comments`);
  await db.close();
}

/** One closed-loop run of `op` against a server; both sides get the same requests (the bare one ignores the headers). */
export async function loadRun(port: number, target: Target, op: Op, clients: BenchClient[], connections: number, durationS: number) {
  let next = 0;
  const base = target === 'api' ? '/api/v1' : '';
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: durationS,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
          if (context.client === undefined) context.client = clients[next++ % clients.length];
          const client = context.client as BenchClient;
          const authorization = `Bearer ${client.token}`;
          if (op === 'read') return { ...req, method: 'GET', path: `${base}/threads/${client.threadId}/comments`, headers: { authorization } };
          return {
            ...req,
            method: 'POST',
            path: `${base}/comments`,
            headers: { 'content-type': 'application/json', authorization, 'idempotency-key': randomUUID() },
            body: JSON.stringify({ thread_id: client.threadId, t_start: 12.5, body: 'The left foot lands late on count 3.' }),
          };
        },
      },
    ],
  } as unknown as autocannon.Options);
  return { rps: result.requests.average, total: result.requests.total, p99: result.latency.p99, errors: result.errors + result.non2xx };
}
