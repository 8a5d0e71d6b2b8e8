// Where the API process's time goes under the REST benchmark's load: the API runs with
// `node --cpu-prof`, takes a warm-up and a measured run of OP (create or read; CONNECTIONS, 20 by
// default), then is stopped so the profile is written; the profile's self time is summed by
// package (node_modules/<name>), by our own files, and by Node's internals, and the top functions
// are listed. A=<checkout> profiles another checkout (an A/B's old side). Startup is in the
// profile too, but it is a small share of 10 s of load.
//   OP=create npx tsx bench/rest-profile.ts
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scratchDatabase } from './lib.ts';
import { loadRun, seedThreads, startApi } from './rest-harness.ts';

const OP = process.env.OP === 'read' ? 'read' : 'create';
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 20);
const DURATION_S = Number(process.env.DURATION_S ?? 8);
const dir = path.resolve(process.env.A ?? '.');

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Where a frame's code lives: a package, one of our folders, Node itself, or V8's buckets ((garbage collector), (program), (idle)). */
function bucket(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/(api\/src\/[^/]+)\//.exec(url);
  return ours ? ours[1]! : url;
}

function summarise(profile: Profile, requests: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const busy = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName !== '(idle)').reduce((s, [, t]) => s + t, 0);
  const add = (m: Map<string, number>, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t);
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    add(buckets, bucket(url, functionName), t);
    add(functions, `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/api\/src\//, 'api/src/')}:${lineNumber + 1}`, t);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, t]) => `  ${((100 * t) / busy).toFixed(1).padStart(5)}%  ${(t / requests).toFixed(1).padStart(6)} µs/request  ${k}`).join('\n');
  console.log(`busy ${(busy / 1e6).toFixed(2)} s over ${requests} measured requests (warm-up and startup included in the busy time)`);
  console.log(`by where the code lives:\n${top(buckets, 25)}`);
  console.log(`top functions (self time):\n${top(functions, 30)}`);
}

const scratch = await scratchDatabase('et_prof');
const profDir = mkdtempSync(path.join(tmpdir(), 'et-prof-'));
try {
  const clients = await seedThreads(scratch.url, CONNECTIONS);
  const api = await startApi(scratch.url, 18201, 10, { cwd: dir, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] });
  await loadRun(18201, 'api', OP, clients, CONNECTIONS, 3);
  const out = await loadRun(18201, 'api', OP, clients, CONNECTIONS, DURATION_S);
  console.log(`${OP}: ${out.rps.toFixed(0)} requests/s, p99 ${out.p99} ms, ${out.errors} errors (${dir})`);
  const exited = new Promise((r) => api.once('exit', r));
  api.kill('SIGINT');
  await exited;
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  summarise(JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as Profile, out.total);
  console.log(`profile: ${path.join(profDir, file)}`);
} finally {
  await scratch.drop();
}
