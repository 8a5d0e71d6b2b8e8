// A/B of two checkouts of the API in one run: CPU (user + system) per request, requests/s and p99
// of each, in alternated rounds, medians. How a change to the request path is measured on a noisy
// machine. A and B are checkout folders (default: this one for both, an A/A that shows the noise);
// NODE_FLAGS_A / NODE_FLAGS_B give Node flags to one side (e.g. --max-semi-space-size=64);
// NODE_A / NODE_B another Node binary (Node 20 against 26: NODE_A=/usr/bin/node NODE_B=node_modules/.bin/node).
//   git worktree add /tmp/base HEAD~1 && ln -s "$PWD/node_modules" /tmp/base/
//   A=/tmp/base B=. OP=read npx tsx bench/rest-ab.ts
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { median, scratchDatabase } from './lib.ts';
import { cpuMs } from './rest-cpu.ts';
import { loadRun, seedThreads, startApi } from './rest-harness.ts';

const OP = process.env.OP === 'read' ? 'read' : 'create';
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const flags = (v: string | undefined) => (v ? v.split(' ') : []);
const sides = [
  { name: 'A', dir: path.resolve(process.env.A ?? '.'), port: 18301, nodeFlags: flags(process.env.NODE_FLAGS_A), node: process.env.NODE_A },
  { name: 'B', dir: path.resolve(process.env.B ?? '.'), port: 18302, nodeFlags: flags(process.env.NODE_FLAGS_B), node: process.env.NODE_B },
];

const scratch = await scratchDatabase('et_ab');
const clients = await seedThreads(scratch.url, CONNECTIONS);
// One after the other: two processes of one checkout starting together can deadlock creating the
// job queue's schema (pg-boss), as two sides of a Node A/B do.
const running: ChildProcess[] = [];
try {
  for (const s of sides) running.push(await startApi(scratch.url, s.port, 10, { cwd: s.dir, nodeFlags: s.nodeFlags, node: s.node }));
  const figures = sides.map(() => ({ cpu: [] as number[], rps: [] as number[], p99: [] as number[] }));
  for (const i of [0, 1]) await loadRun(sides[i]!.port, 'api', OP, clients, CONNECTIONS, 3); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const i of r % 2 ? [1, 0] : [0, 1]) {
      const pid = running[i]!.pid!;
      const before = cpuMs(pid);
      const out = await loadRun(sides[i]!.port, 'api', OP, clients, CONNECTIONS, 5);
      const after = cpuMs(pid);
      if (out.errors) throw new Error(`${sides[i]!.name}: ${out.errors} failed requests`);
      figures[i]!.cpu.push((after.user + after.sys - before.user - before.sys) / out.total);
      figures[i]!.rps.push(out.rps);
      figures[i]!.p99.push(out.p99);
    }
  }
  const [a, b] = figures.map((f) => ({ cpu: median(f.cpu), rps: median(f.rps), p99: median(f.p99) }));
  for (const [i, m] of [a!, b!].entries()) {
    console.log(`${OP} ${sides[i]!.name} (${sides[i]!.dir} ${sides[i]!.node ?? process.execPath} ${sides[i]!.nodeFlags.join(' ')}): ${(m.cpu * 1000).toFixed(0)} µs CPU/request, ${m.rps.toFixed(0)} requests/s, p99 ${m.p99} ms`);
  }
  console.log(`B/A: CPU ${(b!.cpu / a!.cpu).toFixed(2)}, requests/s ${(b!.rps / a!.rps).toFixed(2)}, p99 ${(b!.p99 / a!.p99).toFixed(2)}`);
} finally {
  for (const child of running) child.kill('SIGKILL');
  await scratch.drop();
}
