// Issue 20's figures: GET /inbox (first page, 25) beside the plain thread list GET /threads
// (first page, 25) in the same run, through the same API process, for the same instructors, on
// a school's data (10,000 threads; 100 instructors with five exercises each). Each connection is
// one instructor; runs alternated; medians of ROUNDS. The ratio is the inbox's price over the
// list it extends (the waiting order, excerpts, where to open).
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { loadConfig } from '../api/src/config.ts';
import { createContainer } from '../api/src/container.ts';
import { migrateLatest, openDatabase } from '../api/src/db/database.ts';
import { seedSchool } from '../test/helpers/seed-sql.ts';
import { median, scratchDatabase } from './lib.ts';
import { BENCH_SECRET, startApi } from './rest-harness.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const POOL = 10;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
type Route = 'inbox' | 'threads';
const PATHS: Record<Route, string> = { inbox: '/api/v1/inbox?limit=25', threads: '/api/v1/threads?limit=25' };

async function seed(url: string): Promise<string[]> {
  const db = await openDatabase({ url, dataDir: 'memory://', poolMax: 2 });
  await migrateLatest(db.knex);
  const c = createContainer(loadConfig({ DATABASE_URL: url, JWT_SECRET: BENCH_SECRET }), db, () => {});
  const { tenant } = await c.tenants.create({ name: 'bench', allowedOrigins: [] });
  const threads = await seedSchool(db.knex, tenant.id);
  console.error(`seeded ${threads} threads`);
  const tokens: string[] = [];
  for (let i = 1; i <= CONNECTIONS; i++) {
    const minted = await c.users.mintToken(tenant.id, { externalId: `scale-instructor-${i}`, name: `Instructor ${i}`, role: 'instructor' }, 86_400);
    tokens.push(minted.accessToken);
  }
  await db.close();
  return tokens;
}

async function run(port: number, route: Route, tokens: string[]) {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
          if (context.token === undefined) context.token = tokens[next++ % tokens.length];
          return { ...req, method: 'GET', path: PATHS[route], headers: { authorization: `Bearer ${context.token as string}` } };
        },
      },
    ],
  } as unknown as autocannon.Options);
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

export async function benchInbox() {
  const scratch = await scratchDatabase('et_bench_inbox');
  let api: ChildProcess | undefined;
  try {
    const tokens = await seed(scratch.url);
    api = await startApi(scratch.url, 18183, POOL);
    const figures: Record<Route, { rps: number[]; p99: number[]; errors: number }> = { inbox: { rps: [], p99: [], errors: 0 }, threads: { rps: [], p99: [], errors: 0 } };
    await run(18183, 'inbox', tokens);
    await run(18183, 'threads', tokens);
    for (let r = 0; r < ROUNDS; r++) {
      for (const route of (r % 2 ? ['threads', 'inbox'] : ['inbox', 'threads']) as Route[]) {
        const res = await run(18183, route, tokens);
        figures[route].rps.push(res.rps);
        figures[route].p99.push(res.p99);
        figures[route].errors += res.errors;
        console.error(`round ${r + 1} ${route}: ${res.rps.toFixed(0)} req/s, p99 ${res.p99} ms`);
      }
    }
    const f = figures;
    return {
      inbox_rps: median(f.inbox.rps),
      threads_rps: median(f.threads.rps),
      inbox_p99_ms: median(f.inbox.p99),
      threads_p99_ms: median(f.threads.p99),
      throughput_ratio_paired: median(f.inbox.rps.map((rps, i) => rps / f.threads.rps[i]!)),
      p99_ratio_paired: median(f.inbox.p99.map((p99, i) => p99 / f.threads.p99[i]!)),
      inbox_errors: f.inbox.errors,
      threads_errors: f.threads.errors,
    };
  } finally {
    api?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await scratch.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchInbox(), null, 2));
}
