// CPU per request: user and system time of the API process and of the bare handler (from
// /proc/<pid>/stat) around a 5 s autocannon run of the same requests as bench/rest-api.ts, with
// what the PostgreSQL backends serving the scratch database and the load generator (this
// process) spent meanwhile; and the same for the bare handler on the plain table (the physical limit). OP=read for the page read, otherwise comment creation. Needs the
// PostgreSQL server on this machine (see bench/lib.ts).
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { scratchDatabase } from './lib.ts';
import { createPlainTable, loadRun, PLAIN_TABLE, seedThreads, startApi, startBare, type BenchClient, type Target } from './rest-harness.ts';

const OP = process.env.OP === 'read' ? 'read' : 'create';
const CONNECTIONS = 20;
// Seconds of creates on each server before measuring, so the threads have grown as in bench/rest-api.ts's read rounds.
const FILL_S = Number(process.env.BENCH_FILL_S ?? 0);

/** User and system CPU of a process so far, in ms (clock ticks are 10 ms). */
export function cpuMs(pid: number): { user: number; sys: number } {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(f[11]) * 10, sys: Number(f[12]) * 10 };
}

/** User + system CPU in ms of each PostgreSQL backend connected to `database` (their titles name it). */
function backendsCpuMs(database: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `)) continue;
      const { user, sys } = cpuMs(Number(pid));
      byPid.set(Number(pid), user + sys);
    } catch {
      // The process ended while we looked.
    }
  }
  return byPid;
}

/** What the backends alive at the end spent since `before` (pools close idle backends, whose time is gone). */
function backendsDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function measure(target: Target, child: ChildProcess, port: number, clients: BenchClient[], database: string, label = '') {
  await loadRun(port, target, OP, clients, CONNECTIONS, 5); // warm-up
  const before = { server: cpuMs(child.pid!), db: backendsCpuMs(database), load: selfCpuMs() };
  const result = await loadRun(port, target, OP, clients, CONNECTIONS, 5);
  const after = { server: cpuMs(child.pid!), db: backendsCpuMs(database), load: selfCpuMs() };
  const per = (ms: number) => (ms / result.total).toFixed(3);
  console.log(
    `${OP} ${target}${label}: ${result.rps} req/s, server user ${per(after.server.user - before.server.user)} ms/req, ` +
      `system ${per(after.server.sys - before.server.sys)}, PostgreSQL ${per(backendsDelta(before.db, after.db))}, load generator ${per(after.load - before.load)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const scratch = await scratchDatabase('et_cpu');
  const clients = await seedThreads(scratch.url, CONNECTIONS);
  const api = await startApi(scratch.url, 18192, 10);
  const bare = await startBare(scratch.url, 18193, 10, clients);
  await createPlainTable(scratch.url);
  const plain = await startBare(scratch.url, 18194, 10, clients, PLAIN_TABLE);
  // The limit again, answering with the API's headers: what those bytes cost the server and the load generator.
  const plainHeaders = await startBare(scratch.url, 18195, 10, clients, PLAIN_TABLE, true);
  try {
    const database = new URL(scratch.url).pathname.slice(1);
    if (FILL_S > 0) for (const [target, port] of [['api', 18192], ['bare', 18193], ['plain', 18194]] as const) await loadRun(port, target, 'create', clients, CONNECTIONS, FILL_S);
    await measure('api', api, 18192, clients, database);
    await measure('bare', bare, 18193, clients, database);
    await measure('plain', plain, 18194, clients, database);
    await measure('plain', plainHeaders, 18195, clients, database, ' with the API’s headers');
  } finally {
    for (const p of [api, bare, plain, plainHeaders]) p.kill('SIGKILL');
    await scratch.drop();
  }
}
