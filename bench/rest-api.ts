// Issue 3's figures: POST /comments and GET /threads/:id/comments through the whole API (auth,
// policy, validation, idempotency, audit, live publish) beside a bare node:http + pg handler doing
// the same INSERT and SELECT. Same pool size and connections; one thread per connection; runs
// alternated; medians of ROUNDS.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { loadConfig } from '../api/src/config.ts';
import { createContainer } from '../api/src/container.ts';
import { migrateLatest, openDatabase } from '../api/src/db/database.ts';
import { median, scratchDatabase } from './lib.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const POOL = 10;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

function start(cmd: string[], env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cmd, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (d: Buffer) => {
      if (/listening|is running/.test(d.toString())) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function seed(url: string) {
  const db = await openDatabase({ url, dataDir: 'memory://', poolMax: 2 });
  await migrateLatest(db.knex);
  const c = createContainer(loadConfig({ DATABASE_URL: url, JWT_SECRET: SECRET }), db, () => {});
  const { tenant } = await c.tenants.create({ name: 'bench', allowedOrigins: [] });
  const author = await c.users.mintToken(tenant.id, { externalId: 'author', name: 'Author', role: 'instructor' }, 86_400);
  const exercise = await c.exercises.create({ kind: 'user', tenantId: tenant.id, userId: author.user.id, role: 'instructor' }, { title: 'Bench', source: { type: 'url', url: 'https://media.example/b.mp4' } });
  const clients: { token: string; threadId: string; userId: string }[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const learner = await c.users.mintToken(tenant.id, { externalId: `l${i}`, name: `Learner ${i}`, role: 'learner' }, 86_400);
    const { thread } = await c.threads.create({ kind: 'user', tenantId: tenant.id, userId: learner.user.id, role: 'learner' }, exercise.id);
    // A page worth reading: 50 comments per thread.
    for (let j = 0; j < 50; j++) {
      await c.comments.create({ kind: 'user', tenantId: tenant.id, userId: learner.user.id, role: 'learner' }, { thread_id: thread.id, t_start: j, body: `seed ${j}` });
    }
    clients.push({ token: learner.accessToken, threadId: thread.id, userId: learner.user.id });
  }
  await db.close();
  return clients;
}

type Target = 'api' | 'bare';
type Op = 'create' | 'read';

async function run(port: number, target: Target, op: Op, clients: { token: string; threadId: string }[]) {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
          // One thread per connection, as real traffic spreads over many threads.
          if (context.client === undefined) context.client = clients[next++ % clients.length];
          const client = context.client as { token: string; threadId: string };
          const base = target === 'api' ? '/api/v1' : '';
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
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

export async function benchRestApi() {
  const scratch = await scratchDatabase('et_bench_api');
  const procs: ChildProcess[] = [];
  try {
    const clients = await seed(scratch.url);
    const authorByThread = Object.fromEntries(clients.map((c) => [c.threadId, c.userId]));
    procs.push(
      await start(['--import', 'tsx', 'api/src/server.ts'], {
        PORT: '18181', DATABASE_URL: scratch.url, DATABASE_POOL_MAX: String(POOL), JWT_SECRET: SECRET, DEMO_MODE: 'off',
        RATE_LIMIT_USER_MAX: '100000000', RATE_LIMIT_IP_MAX: '100000000', MEDIA_WORKER: 'false', NODE_ENV: 'production',
      }),
    );
    procs.push(await start(['bench/bare-server.mjs'], { PORT: '18182', DATABASE_URL: scratch.url, DATABASE_POOL_MAX: String(POOL), BARE_AUTHOR_BY_THREAD: JSON.stringify(authorByThread) }));
    const figures: Record<string, Record<Target, { rps: number[]; p99: number[]; errors: number }>> = {};
    for (const op of ['create', 'read'] as Op[]) {
      figures[op] = { api: { rps: [], p99: [], errors: 0 }, bare: { rps: [], p99: [], errors: 0 } };
      // Warm-up, then alternate the two sides.
      await run(18181, 'api', op, clients);
      await run(18182, 'bare', op, clients);
      for (let r = 0; r < ROUNDS; r++) {
        for (const [target, port] of [['api', 18181], ['bare', 18182]] as [Target, number][]) {
          const res = await run(port, target, op, clients);
          figures[op]![target].rps.push(res.rps);
          figures[op]![target].p99.push(res.p99);
          figures[op]![target].errors += res.errors;
        }
      }
    }
    const out: Record<string, number> = {};
    for (const op of ['create', 'read'] as Op[]) {
      const f = figures[op]!;
      out[`${op}_api_rps`] = median(f.api.rps);
      out[`${op}_bare_rps`] = median(f.bare.rps);
      out[`${op}_api_p99_ms`] = median(f.api.p99);
      out[`${op}_bare_p99_ms`] = median(f.bare.p99);
      out[`${op}_throughput_ratio`] = median(f.api.rps) / median(f.bare.rps);
      out[`${op}_p99_ratio`] = median(f.api.p99) / median(f.bare.p99);
      out[`${op}_api_errors`] = f.api.errors;
      out[`${op}_bare_errors`] = f.bare.errors;
    }
    return out;
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await scratch.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchRestApi(), null, 2));
}
