// Where a create's CPU goes in the whole machine, not only in the API process: the API, the bare
// handler (real table) or the physical limit (plain table) under the REST benchmark's load, with
// `perf record -a` sampling every process meanwhile (the server, its PostgreSQL backends and the
// load generator). Prints CPU microseconds per request for each process group, and PostgreSQL's
// time split by what its backends were doing (children of the named functions).
//   TARGETS=api,bare,plain npx tsx bench/rest-system-profile.ts     (needs perf: Debian's linux-perf)
// The samples are CPU time, so a busy neighbour slows the figures but does not move their shares.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scratchDatabase } from './lib.ts';
import { createPlainTable, loadRun, PLAIN_TABLE, seedThreads, startApi, startBare, type Target } from './rest-harness.ts';

const HZ = 1999;
const SECONDS = Number(process.env.DURATION_S ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const TARGETS = (process.env.TARGETS ?? 'api,bare,plain').split(',') as Target[];

/** PostgreSQL's phases of a request, by the backend function whose callees they are. */
const PHASES: [string, string][] = [
  ['reading the request (socket)', 'pq_getbyte'],
  ['planning (a cached plan checked, or planned)', 'GetCachedPlan'],
  ['executor start (plan nodes and expressions set up)', 'standard_ExecutorStart'],
  ['executor run (the statement itself)', 'standard_ExecutorRun'],
  ['  of it: the guard trigger (plpgsql)', 'plpgsql_exec_trigger'],
  ['  of it: index entries', 'ExecInsertIndexTuples'],
  ['  of it: CHECK constraints', 'ExecConstraints'],
  ['foreign keys checked at the end of the statement', 'AfterTriggerEndQuery'],
  ['deferred foreign keys, at commit', 'AfterTriggerFireDeferred'],
  ['commit', 'CommitTransactionCommand'],
  ['  of it: WAL flush', 'XLogFlush'],
];

function perf(args: string[]): string {
  return execFileSync('perf', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
}

function summarise(data: string, serverPid: number, requests: number) {
  const perPid = new Map<number, { comm: string; samples: number }>();
  for (const line of perf(['report', '-i', data, '-F', 'sample,pid', '-q', '-g', 'none']).split('\n')) {
    const m = /^\s*(\d+)\s+(\d+):(\S+)/.exec(line);
    if (m) perPid.set(Number(m[2]), { comm: m[3]!, samples: Number(m[1]) });
  }
  const us = (samples: number) => (samples / requests) * (1e6 / HZ);
  const pg = [...perPid.values()].filter((p) => p.comm === 'postgres').reduce((s, p) => s + p.samples, 0);
  const groups = {
    server: perPid.get(serverPid)?.samples ?? 0,
    postgres: pg,
    'load generator': perPid.get(process.pid)?.samples ?? 0,
  };
  const children = new Map<string, number>();
  for (const line of perf(['report', '-i', data, '--comm', 'postgres', '--children', '--sort', 'sym', '-q', '-g', 'none', '--percentage', 'relative']).split('\n')) {
    const m = /^\s*([\d.]+)%\s+[\d.]+%\s+\[[.k]\]\s+(\S+)\s*$/.exec(line);
    if (m && !children.has(m[2]!)) children.set(m[2]!, Number(m[1]) / 100);
  }
  return {
    perProcess: Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, Math.round(us(v))])),
    postgres: Object.fromEntries(PHASES.map(([label, fn]) => [label, Math.round(us(pg * (children.get(fn) ?? 0)))])),
  };
}

const scratch = await scratchDatabase('et_sysprof');
const dir = mkdtempSync(path.join(tmpdir(), 'et-sysprof-'));
const out: Record<string, unknown> = {};
try {
  const clients = await seedThreads(scratch.url, CONNECTIONS);
  await createPlainTable(scratch.url);
  for (const [i, target] of TARGETS.entries()) {
    const port = 18240 + i;
    const server: ChildProcess =
      target === 'api' ? await startApi(scratch.url, port, 10) : await startBare(scratch.url, port, 10, clients, target === 'plain' ? PLAIN_TABLE : 'video_comments');
    try {
      await loadRun(port, target, 'create', clients, CONNECTIONS, 3); // warm-up
      const data = path.join(dir, `${target}.data`);
      const recorder = spawn('perf', ['record', '-F', String(HZ), '-a', '-g', '-o', data, '--', 'sleep', String(SECONDS)], { stdio: 'ignore' });
      const run = await loadRun(port, target, 'create', clients, CONNECTIONS, SECONDS);
      await new Promise((resolve) => recorder.on('exit', resolve));
      out[target] = { requests_per_s: Math.round(run.rps), ...summarise(data, server.pid!, run.total) };
    } finally {
      server.kill('SIGKILL');
    }
  }
  console.log(JSON.stringify(out, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
  await scratch.drop();
}
