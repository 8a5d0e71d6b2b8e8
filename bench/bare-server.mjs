// The baseline: a bare node:http + pg handler doing the same INSERT and SELECT as the API,
// with no auth, no policy, no validation. Same pool size. BARE_TABLE names another table of the
// same columns (the physical limit: a plain table without the trigger).
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const table = process.env.BARE_TABLE ?? 'video_comments';
if (!/^[a-z_]+$/.test(table)) throw new Error(`BARE_TABLE: ${table}`);
// BARE_API_HEADERS=1: the API's answer headers (security, rate limit, location), to see what their bytes cost each side.
const EXTRA = process.env.BARE_API_HEADERS === '1' ? {
  'cache-control': 'no-store', 'content-security-policy': "default-src 'none';frame-ancestors 'none'", 'cross-origin-resource-policy': 'same-site',
  location: '/api/v1/comments/d9a46025-331c-47bd-a2ca-6459fbe79640', ratelimit: 'limit=100000000, remaining=99999999, reset=60', 'ratelimit-policy': '100000000;w=60',
  'referrer-policy': 'no-referrer', 'strict-transport-security': 'max-age=31536000; includeSubDomains', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY',
} : {};
const author = process.env.BARE_AUTHOR_BY_THREAD ? JSON.parse(process.env.BARE_AUTHOR_BY_THREAD) : {};

const server = createServer((req, res) => {
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json', ...EXTRA });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'POST' && req.url === '/comments') {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', async () => {
      try {
        const b = JSON.parse(data);
        const r = await pool.query(
          `INSERT INTO ${table} (thread_id, author_id, t_start_ms, t_end_ms, body) VALUES ($1, $2, $3, $3, $4) RETURNING *`,
          [b.thread_id, author[b.thread_id], Math.round(b.t_start * 1000), b.body],
        );
        send(201, r.rows[0]);
      } catch (e) {
        send(500, { error: String(e) });
      }
    });
    return;
  }
  const m = /^\/threads\/([0-9a-f-]{36})\/comments$/.exec(req.url ?? '');
  if (req.method === 'GET' && m) {
    pool.query(`SELECT * FROM ${table} WHERE thread_id = $1 ORDER BY t_start_ms, id LIMIT 50`, [m[1]]).then(
      (r) => send(200, { data: r.rows }),
      (e) => send(500, { error: String(e) }),
    );
    return;
  }
  send(404, {});
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
