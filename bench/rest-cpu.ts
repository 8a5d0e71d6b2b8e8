// CPU per request: user and system time of the API process and of the bare handler (from
// /proc/<pid>/stat) around a 5 s autocannon run of the same requests. OP=read for the page read,
// otherwise comment creation. Needs the PostgreSQL server (see bench/lib.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { loadConfig } from '../api/src/config.ts';
import { createContainer } from '../api/src/container.ts';
import { migrateLatest, openDatabase } from '../api/src/db/database.ts';
import { scratchDatabase } from './lib.ts';

const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
const OP = process.env.OP === 'read' ? 'read' : 'create';
const scratch = await scratchDatabase('et_cpu');
const db = await openDatabase({ url: scratch.url, dataDir: 'memory://', poolMax: 2 });
await migrateLatest(db.knex);
const c = createContainer(loadConfig({ DATABASE_URL: scratch.url, JWT_SECRET: SECRET }), db, () => {});
const { tenant } = await c.tenants.create({ name: 'bench', allowedOrigins: [] });
const author = await c.users.mintToken(tenant.id, { externalId: 'a', name: 'A', role: 'instructor' }, 86_400);
const ex = await c.exercises.create({ kind: 'user', tenantId: tenant.id, userId: author.user.id, role: 'instructor' }, { title: 'B', source: { type: 'url', url: 'https://media.example/b.mp4' } });
const clients: { token: string; threadId: string }[] = [];
const authorByThread: Record<string, string> = {};
for (let i = 0; i < 20; i++) {
  const l = await c.users.mintToken(tenant.id, { externalId: `l${i}`, name: `L${i}`, role: 'learner' }, 86_400);
  const learner = { kind: 'user', tenantId: tenant.id, userId: l.user.id, role: 'learner' } as const;
  const { thread } = await c.threads.create(learner, ex.id);
  clients.push({ token: l.accessToken, threadId: thread.id });
  authorByThread[thread.id] = l.user.id;
  for (let j = 0; j < 50; j++) await c.comments.create(learner, { thread_id: thread.id, t_start: j, body: `seed ${j} with a sentence of ordinary length` });
}
await db.close();

const ticks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(f[11]), sys: Number(f[12]) };
};

async function measure(name: string, child: ChildProcess, port: number, api: boolean) {
  let next = 0;
  const run = () =>
    autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 20,
      duration: 5,
      requests: [
        {
          setupRequest: (req: Record<string, unknown>, ctx: Record<string, unknown>) => {
            ctx.client ??= clients[next++ % clients.length];
            const client = ctx.client as { token: string; threadId: string };
            const base = api ? '/api/v1' : '';
            const auth: Record<string, string> = api ? { authorization: `Bearer ${client.token}` } : {};
            if (OP === 'read') return { ...req, method: 'GET', path: `${base}/threads/${client.threadId}/comments`, headers: auth };
            const headers = { ...auth, 'content-type': 'application/json', ...(api ? { 'idempotency-key': randomUUID() } : {}) };
            return { ...req, method: 'POST', path: `${base}/comments`, headers, body: JSON.stringify({ thread_id: client.threadId, t_start: 12.5, body: 'late on 3' }) };
          },
        },
      ],
    } as unknown as autocannon.Options);
  await run(); // warm-up
  const before = ticks(child.pid!);
  const result = await run();
  const after = ticks(child.pid!);
  const n = result.requests.total;
  // Clock ticks are 10 ms.
  console.log(`${OP} ${name}: ${result.requests.average} req/s, user ${(((after.user - before.user) * 10) / n).toFixed(3)} ms/req, system ${(((after.sys - before.sys) * 10) / n).toFixed(3)} ms/req`);
}

const start = (args: string[], env: Record<string, string>) =>
  new Promise<ChildProcess>((resolve) => {
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (d: Buffer) => /listening|running/.test(String(d)) && resolve(child));
  });
const apiServer = await start(['--import', 'tsx', 'api/src/server.ts'], {
  PORT: '18192', DATABASE_URL: scratch.url, JWT_SECRET: SECRET, DEMO_MODE: 'off', RATE_LIMIT_USER_MAX: '100000000', MEDIA_WORKER: 'false',
});
const bare = await start(['bench/bare-server.mjs'], { PORT: '18193', DATABASE_URL: scratch.url, BARE_AUTHOR_BY_THREAD: JSON.stringify(authorByThread) });
try {
  await measure('api', apiServer, 18192, true);
  await measure('bare', bare, 18193, false);
} finally {
  apiServer.kill('SIGKILL');
  bare.kill('SIGKILL');
  await scratch.drop();
}
