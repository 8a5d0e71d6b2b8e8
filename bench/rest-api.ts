// Issue 3's figures: POST /comments and GET /threads/:id/comments through the whole API (auth,
// policy, validation, idempotency, audit, live publish) beside a bare node:http + pg handler doing
// the same INSERT and SELECT. Same pool size and connections; one thread per connection; runs
// alternated; medians of ROUNDS.
import type { ChildProcess } from 'node:child_process';
import { median, scratchDatabase } from './lib.ts';
import { loadRun, seedThreads, startApi, startBare, type Op, type Target } from './rest-harness.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const POOL = 10;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Node flags for the API process only, to measure a runtime setting (e.g. --max-semi-space-size=64).
const API_NODE_FLAGS = (process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter(Boolean);

export async function benchRestApi() {
  const scratch = await scratchDatabase('et_bench_api');
  const procs: ChildProcess[] = [];
  try {
    const clients = await seedThreads(scratch.url, CONNECTIONS);
    procs.push(await startApi(scratch.url, 18181, POOL, { nodeFlags: API_NODE_FLAGS }));
    procs.push(await startBare(scratch.url, 18182, POOL, clients));
    const figures: Record<string, Record<Target, { rps: number[]; p99: number[]; errors: number }>> = {};
    for (const op of ['create', 'read'] as Op[]) {
      figures[op] = { api: { rps: [], p99: [], errors: 0 }, bare: { rps: [], p99: [], errors: 0 } };
      // Warm-up, then alternate the two sides.
      await loadRun(18181, 'api', op, clients, CONNECTIONS, DURATION_S);
      await loadRun(18182, 'bare', op, clients, CONNECTIONS, DURATION_S);
      for (let r = 0; r < ROUNDS; r++) {
        for (const [target, port] of [['api', 18181], ['bare', 18182]] as [Target, number][]) {
          const res = await loadRun(port, target, op, clients, CONNECTIONS, DURATION_S);
          figures[op]![target].rps.push(res.rps);
          figures[op]![target].p99.push(res.p99);
          figures[op]![target].errors += res.errors;
          // Each round on stderr, so the spread behind the medians is visible.
          console.error(`${op} round ${r + 1} ${target}: ${res.rps.toFixed(0)} req/s, p99 ${res.p99} ms`);
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
      // The same, round by round: each API run against the bare run beside it, which cancels the
      // machine's drift between rounds (on a shared host the bare side alone can vary by half).
      out[`${op}_throughput_ratio_paired`] = median(f.api.rps.map((rps, i) => rps / f.bare.rps[i]!));
      out[`${op}_p99_ratio_paired`] = median(f.api.p99.map((p99, i) => p99 / f.bare.p99[i]!));
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
