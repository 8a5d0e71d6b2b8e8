// Live channel fan-out: commit-to-receive latency for one comment delivered to 1,000 sockets
// subscribed to one thread, in one API process and across two (Redis adapter), and the server's
// heap per idle authenticated socket. The clients run in worker processes.
//
//   npx tsx bench/live-fanout.ts            (needs PostgreSQL and Redis; defaults to 127.0.0.1)
//   LIVE_BENCH_SOCKETS=1000 LIVE_BENCH_WORKERS=4 LIVE_BENCH_COMMENTS=50 npx tsx bench/live-fanout.ts
//
// Same-run baseline: the same measurement with a single subscribed socket.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerCommand, ServerMessage } from './live-server-process.ts';
import type { WorkerCommand, WorkerMessage } from './live-clients-worker.ts';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
const REDIS_URL = process.env.REDIS_URL;
const SOCKETS = Number(process.env.LIVE_BENCH_SOCKETS ?? 1000);
const WORKERS = Number(process.env.LIVE_BENCH_WORKERS ?? 4);
const COMMENTS = Number(process.env.LIVE_BENCH_COMMENTS ?? 50);
const PACE_MS = 150;
const HERE = path.dirname(fileURLToPath(import.meta.url));

// The test helpers read DATABASE_URL when loaded: a fresh database on the server for this run.
const { createTestContext, TEST_SECRET } = await import('../test/helpers/context.ts');
const { makeWorld } = await import('../test/helpers/world.ts');

const commits = new Map<string, { at: number; emitMs: number }>();
const children: ChildProcess[] = [];

function waitFor<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: T) => {
      if (m.type !== type) return;
      child.off('message', on);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`child exited (${code}) while waiting for ${type}`));
    child.on('message', on);
    child.once('exit', onExit);
  });
}

async function startServer(env: Record<string, string>) {
  const child = fork(path.join(HERE, 'live-server-process.ts'), [], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  child.on('message', (m: ServerMessage) => {
    if (m.type === 'commit') commits.set(m.id, { at: m.at, emitMs: m.emitMs });
  });
  const ready = waitFor<Extract<ServerMessage, { type: 'ready' }>>(child, 'ready');
  child.send({ type: 'start', env } satisfies ServerCommand);
  const { url } = await ready;
  return {
    url,
    async heap() {
      const reply = waitFor<Extract<ServerMessage, { type: 'heap' }>>(child, 'heap');
      child.send({ type: 'heap' } satisfies ServerCommand);
      return reply;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' } satisfies ServerCommand);
      await exited;
    },
  };
}

async function startWorkers(n: number) {
  const workers = Array.from({ length: n }, () => {
    const child = fork(path.join(HERE, 'live-clients-worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    return child;
  });
  const all = async <T extends WorkerMessage>(cmd: (i: number) => WorkerCommand, type: T['type']): Promise<T[]> =>
    Promise.all(
      workers.map((w, i) => {
        const reply = waitFor<T>(w, type);
        w.send(cmd(i));
        return reply;
      }),
    );
  return { workers, all, close: () => workers.forEach((w) => w.send({ type: 'close' } satisfies WorkerCommand)) };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Result {
  name: string;
  sockets: number;
  deliveries: number;
  expected: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Time the publishing process spent in the emit call, p50 and max. */
  emit: { p50: number; max: number };
  heapPerSocket?: { authenticated: number; subscribed: number };
}

const ctx = await createTestContext();
const w = await makeWorld(ctx);
const dataDir = mkdtempSync(path.join(tmpdir(), 'et-bench-'));
const baseEnv: Record<string, string> = {
  DATABASE_URL: ctx.db.url!,
  JWT_SECRET: TEST_SECRET,
  DATA_DIR: dataDir,
  DEMO_MODE: 'false',
  MEDIA_WORKER: 'false',
  RATE_LIMIT_USER_MAX: '100000000',
  RATE_LIMIT_IP_MAX: '100000000',
};
const tokens = [w.actors.owner.token, w.actors.author.token, w.actors.coauthor.token];

async function post(url: string, i: number): Promise<string> {
  const res = await fetch(`${url}/api/v1/comments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${w.actors.author.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ thread_id: w.threadId, t_start: i % 60, body: `Watch your left foot at this point (${i}).` }),
  });
  const json = (await res.json()) as { id: string };
  if (res.status !== 201) throw new Error(`POST /comments: ${res.status} ${JSON.stringify(json)}`);
  return json.id;
}

async function scenario(
  name: string,
  sockets: number,
  clientsOn: Awaited<ReturnType<typeof startServer>>,
  postTo: Awaited<ReturnType<typeof startServer>>,
): Promise<Result> {
  const nWorkers = Math.min(WORKERS, sockets);
  const heap0 = await clientsOn.heap();
  const pool = await startWorkers(nWorkers);
  const share = (i: number) => Math.floor(sockets / nWorkers) + (i < sockets % nWorkers ? 1 : 0);
  await pool.all((i) => ({ type: 'connect', url: clientsOn.url, tokens, count: share(i) }), 'connected');
  const heap1 = await clientsOn.heap();
  const subscribed = await pool.all<Extract<WorkerMessage, { type: 'subscribed' }>>(() => ({ type: 'subscribe', threadId: w.threadId }), 'subscribed');
  const heap2 = await clientsOn.heap();
  const ok = subscribed.reduce((n, s) => n + s.count, 0);
  if (ok !== sockets) throw new Error(`${name}: ${ok} of ${sockets} sockets subscribed`);

  // Warm-up: JIT, connection pools, Redis subscriptions.
  for (let i = 0; i < 5; i++) {
    await post(postTo.url, i);
    await sleep(PACE_MS);
  }
  await pool.all(() => ({ type: 'report' }), 'report');

  const ids: string[] = [];
  for (let i = 0; i < COMMENTS; i++) {
    ids.push(await post(postTo.url, i));
    await sleep(PACE_MS);
  }
  await sleep(500);
  const reports = await pool.all<Extract<WorkerMessage, { type: 'report' }>>(() => ({ type: 'report' }), 'report');
  pool.close();

  const latencies: number[] = [];
  const emits: number[] = [];
  for (const id of ids) {
    const commit = commits.get(id);
    if (commit === undefined) throw new Error(`no commit time for ${id}`);
    emits.push(commit.emitMs);
    for (const r of reports) for (const t of r.received[id] ?? []) latencies.push(t - commit.at);
  }
  latencies.sort((a, b) => a - b);
  emits.sort((a, b) => a - b);
  return {
    name,
    sockets,
    deliveries: latencies.length,
    expected: ids.length * sockets,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1)!,
    emit: { p50: percentile(emits, 50), max: emits.at(-1)! },
    heapPerSocket: {
      authenticated: (heap1.heapUsed - heap0.heapUsed) / sockets,
      subscribed: (heap2.heapUsed - heap0.heapUsed) / sockets,
    },
  };
}

const results: Result[] = [];
try {
  // One process, in-memory adapter.
  const single = await startServer(baseEnv);
  results.push(await scenario('one process, 1 socket (baseline)', 1, single, single));
  results.push(await scenario(`one process, ${SOCKETS} sockets`, SOCKETS, single, single));
  await single.stop();

  // Two processes, Redis adapter: clients on A, comments posted through B.
  const a = await startServer({ ...baseEnv, REDIS_URL });
  const b = await startServer({ ...baseEnv, REDIS_URL });
  results.push(await scenario('two processes, 1 socket (baseline)', 1, a, b));
  results.push(await scenario(`two processes, ${SOCKETS} sockets`, SOCKETS, a, b));
  await Promise.all([a.stop(), b.stop()]);
} finally {
  for (const c of children) if (c.exitCode === null) c.kill();
  await ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (x: number) => `${(x / 1024).toFixed(1)} KB`;
console.log(`\nLive fan-out — node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${WORKERS} client processes, ${COMMENTS} comments per scenario\n`);
console.log('scenario                               deliveries        p50       p90       p99       max   emit p50/max   heap/socket (auth, +subscribed)');
for (const r of results) {
  const heap = r.heapPerSocket && r.sockets > 1 ? `${kb(r.heapPerSocket.authenticated)}, ${kb(r.heapPerSocket.subscribed)}` : '';
  console.log(`${r.name.padEnd(38)} ${`${r.deliveries}/${r.expected}`.padStart(11)} ${ms(r.p50).padStart(10)} ${ms(r.p90).padStart(9)} ${ms(r.p99).padStart(9)} ${ms(r.max).padStart(9)}   ${`${r.emit.p50.toFixed(1)}/${r.emit.max.toFixed(1)} ms`.padStart(12)}   ${heap}`);
}
const one = results[1]!;
const two = results[3]!;
console.log('\ntargets:');
console.log(`  p99, ${SOCKETS} sockets, one process:        ${ms(one.p99)} (target ≤ 50 ms) ${one.p99 <= 50 ? 'met' : 'MISSED'}`);
console.log(`  p99 added by the second process:    ${ms(two.p99 - one.p99)} (target ≤ 15 ms) ${two.p99 - one.p99 <= 15 ? 'met' : 'MISSED'}`);
console.log(`  heap per idle authenticated socket: ${kb(one.heapPerSocket!.authenticated)} (target ≤ 15 KB) ${one.heapPerSocket!.authenticated <= 15 * 1024 ? 'met' : 'MISSED'}`);
if (results.some((r) => r.deliveries !== r.expected)) console.log('\nWARNING: some deliveries are missing (see the deliveries column).');
process.exit(0);
