// Issue 3's figures: POST /comments and GET /threads/:id/comments through the whole API (auth,
// policy, validation, idempotency, audit, live publish) beside a bare node:http + pg handler doing
// the same INSERT and SELECT, and (issue 16) the same handler on a plain table of the same columns
// without the trigger: the physical limit. Same pool size and connections (BENCH_CONNECTIONS);
// one thread per connection; runs alternated; medians of ROUNDS.
import type { ChildProcess } from 'node:child_process';
import { median, scratchDatabase } from './lib.ts';
import { createPlainTable, loadRun, PLAIN_TABLE, seedThreads, startApi, startBare, type Op, type Target } from './rest-harness.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const POOL = 10;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Node flags for the API process only, to measure a runtime setting (e.g. --max-semi-space-size=64).
const API_NODE_FLAGS = (process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter(Boolean);

const TARGETS: [Target, number][] = [['api', 18181], ['bare', 18182], ['plain', 18183]];

export async function benchRestApi() {
  const scratch = await scratchDatabase('et_bench_api');
  const procs: ChildProcess[] = [];
  try {
    const clients = await seedThreads(scratch.url, CONNECTIONS);
    await createPlainTable(scratch.url);
    procs.push(await startApi(scratch.url, 18181, POOL, { nodeFlags: API_NODE_FLAGS }));
    procs.push(await startBare(scratch.url, 18182, POOL, clients));
    procs.push(await startBare(scratch.url, 18183, POOL, clients, PLAIN_TABLE));
    const figures: Record<string, Record<Target, { rps: number[]; p99: number[]; errors: number }>> = {};
    for (const op of ['create', 'read'] as Op[]) {
      const side = () => ({ rps: [] as number[], p99: [] as number[], errors: 0 });
      const f = (figures[op] = { api: side(), bare: side(), plain: side() });
      // Warm-up, then rounds in turn, each starting with the next side (so no side always goes first).
      for (const [target, port] of TARGETS) await loadRun(port, target, op, clients, CONNECTIONS, DURATION_S);
      for (let r = 0; r < ROUNDS; r++) {
        for (let k = 0; k < TARGETS.length; k++) {
          const [target, port] = TARGETS[(k + r) % TARGETS.length]!;
          const res = await loadRun(port, target, op, clients, CONNECTIONS, DURATION_S);
          f[target].rps.push(res.rps);
          f[target].p99.push(res.p99);
          f[target].errors += res.errors;
          // Each round on stderr, so the spread behind the medians is visible.
          console.error(`${op} round ${r + 1} ${target}: ${res.rps.toFixed(0)} req/s, p99 ${res.p99} ms`);
        }
      }
    }
    const out: Record<string, number> = { connections: CONNECTIONS };
    for (const op of ['create', 'read'] as Op[]) {
      const f = figures[op]!;
      for (const t of ['api', 'bare', 'plain'] as Target[]) {
        out[`${op}_${t}_rps`] = median(f[t].rps);
        out[`${op}_${t}_p99_ms`] = median(f[t].p99);
        out[`${op}_${t}_errors`] = f[t].errors;
      }
      // Against the bare handler on the real table (`_ratio`) and on the plain one (`_vs_plain`).
      for (const [base, suffix] of [['bare', ''], ['plain', '_vs_plain']] as [Target, string][]) {
        out[`${op}_throughput_ratio${suffix}`] = median(f.api.rps) / median(f[base].rps);
        out[`${op}_p99_ratio${suffix}`] = median(f.api.p99) / median(f[base].p99);
        // The same, round by round: each API run against the baseline's run of the same round,
        // which cancels the machine's drift between rounds (on a shared host a side alone can vary by half).
        out[`${op}_throughput_ratio_paired${suffix}`] = median(f.api.rps.map((rps, i) => rps / f[base].rps[i]!));
        out[`${op}_p99_ratio_paired${suffix}`] = median(f.api.p99.map((p99, i) => p99 / f[base].p99[i]!));
      }
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
