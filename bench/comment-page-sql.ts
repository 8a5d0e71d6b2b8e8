// PostgreSQL's cost of a page read (the API's page statement, 51 rows), with the comments' times
// formatted on read (`et_iso`, to_char) against read from their stored ISO text (created_iso,
// updated_iso: formatted once, on write). pgbench -M prepared, 4 clients, alternated 5 s rounds,
// medians of page reads/s. Needs the PostgreSQL server and its pgbench.
//   npx tsx bench/comment-page-sql.ts
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median, scratchDatabase } from './lib.ts';
import { seedThreads } from './rest-harness.ts';
const pgbench = ['/usr/bin/pgbench', ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`) : [])].find(existsSync);
if (!pgbench) throw new Error('pgbench not found (Debian: postgresql-client)');
const scratch = await scratchDatabase('et_page');
const dir = mkdtempSync(path.join(tmpdir(), 'et-page-'));
const clients = await seedThreads(scratch.url, 10);
const page = (times: string, c: (typeof clients)[0]) => `SELECT c.id, c.thread_id, c.author_id, c.t_start_ms, c.t_end_ms, c.body, c.drawing, c.parent_id, c.attempt_id, c.seq, ${times}, et_iso(c.edited_at) AS edited_at, c.deleted_at IS NOT NULL AS deleted, c.hidden_at IS NOT NULL AS hidden, u.display_name AS author_name, u.role AS author_role, CASE WHEN c.has_markers THEN '[1]'::json ELSE '[]'::json END AS markers FROM video_comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.thread_id = '${c.threadId}' AND EXISTS (SELECT 1 FROM personal_exercise_threads t WHERE t.id = '${c.threadId}' AND t.tenant_id = '${c.tenantId}' AND t.owner_id = '${c.userId}') ORDER BY c.t_start_ms, c.id LIMIT 51;\n`;
const sides = {
  'to_char on read': clients.map((c, i) => { const f = path.join(dir, `a${i}.sql`); writeFileSync(f, page('et_iso(c.created_at) AS created_at, et_iso(c.updated_at) AS updated_at', c)); return f; }),
  'stored ISO text': clients.map((c, i) => { const f = path.join(dir, `b${i}.sql`); writeFileSync(f, page('c.created_iso AS created_at, c.updated_iso AS updated_at', c)); return f; }),
};
const tps: Record<string, number[]> = { 'to_char on read': [], 'stored ISO text': [] };
for (let r = 0; r < 4; r++) for (const [name, files] of r % 2 ? Object.entries(sides).reverse() : Object.entries(sides)) {
  const out = execFileSync(pgbench, ['-n', '-M', 'prepared', '-c', '4', '-j', '2', '-T', '5', ...files.flatMap((f) => ['-f', f]), scratch.url], { encoding: 'utf8' });
  tps[name]!.push(Number(/tps = ([\d.]+)/.exec(out)![1]));
}
for (const [k, v] of Object.entries(tps)) console.log(k, median(v).toFixed(0), v.map((x) => x.toFixed(0)).join(' '));
console.log('ratio', (median(tps['stored ISO text']!) / median(tps['to_char on read']!)).toFixed(2));
rmSync(dir, { recursive: true, force: true });
await scratch.drop();
