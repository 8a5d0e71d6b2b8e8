import assert from 'node:assert/strict';
import { test } from 'node:test';
import supertest from 'supertest';
import { createApp } from '../../../api/src/app.ts';
import { createLogger } from '../../../api/src/core/logger.ts';
import type { TestContext } from '../../helpers/context.ts';
import { useWorld, type World } from '../../helpers/world.ts';

// The structured request log: the same app as production with its logger writing into an array.

let ctx: TestContext;
let w: World;
useWorld((c, world) => {
  ctx = c;
  w = world;
});

interface Line {
  level: number;
  msg: string;
  req: { id: string; method: string; url: string };
  res: { status: number };
  responseTime: number;
}

function logged() {
  const lines: string[] = [];
  const app = createApp(ctx.c, { logger: createLogger('info', { write: (line: string) => void lines.push(line) }) });
  return { http: supertest(app), lines, parsed: () => lines.map((l) => JSON.parse(l) as Line) };
}

test('a request’s log line carries its id (the caller’s X-Request-Id, returned) and no credential', async () => {
  const { http, lines, parsed } = logged();
  const res = await http
    .get(`/api/v1/threads/${w.threadId}/comments`)
    .set(w.as(w.actors.owner))
    .set('Cookie', 'et_lti_binding=COOKIE-SECRET-123')
    .set('X-Request-Id', 'lb-7f3a.42');
  assert.equal(res.status, 200);
  assert.equal(res.headers['x-request-id'], 'lb-7f3a.42');
  assert.equal(lines.length, 1);
  const [line] = parsed();
  assert.equal(line!.req.id, 'lb-7f3a.42');
  assert.equal(line!.req.method, 'GET');
  assert.equal(line!.req.url, `/api/v1/threads/${w.threadId}/comments`);
  assert.equal(line!.res.status, 200);
  assert.equal(typeof line!.responseTime, 'number');
  assert.ok(!lines[0]!.includes(w.actors.owner.token), 'the bearer token is not logged');
  assert.ok(!lines[0]!.includes('COOKIE-SECRET-123'), 'the cookie is not logged');
  assert.ok(!/authorization|cookie/i.test(lines[0]!), 'no credential header is logged');
});

test('without a usable X-Request-Id a new one is made and returned; tokens in query strings are masked', async () => {
  const { http, lines, parsed } = logged();
  const unsubscribe = await http.post('/api/v1/notifications/unsubscribe?token=UNSUB-SECRET-456&lang=fr').set('X-Request-Id', 'two words\u00e9');
  assert.equal(unsubscribe.status, 404);
  const playback = await http.get(`/api/v1/media/${w.exerciseId}/hls/360p?token=PLAYBACK-SECRET-789`);
  assert.ok(playback.status >= 400);
  const signed = await http.get('/api/v1/nowhere?X-Amz-Signature=SIG-SECRET-000&X-Amz-Credential=CRED-SECRET&limit=5');
  assert.equal(signed.status, 404);
  const all = lines.join('');
  for (const secret of ['UNSUB-SECRET-456', 'PLAYBACK-SECRET-789', 'SIG-SECRET-000', 'CRED-SECRET']) assert.ok(!all.includes(secret), `${secret} is not logged`);
  const [u, p, s] = parsed();
  assert.match(unsubscribe.headers['x-request-id']!, /^[0-9a-f-]{36}$/);
  assert.equal(u!.req.id, unsubscribe.headers['x-request-id']);
  assert.equal(u!.req.url, '/api/v1/notifications/unsubscribe?token=[redacted]&lang=fr');
  assert.equal(p!.req.id, playback.headers['x-request-id']);
  assert.notEqual(p!.req.id, u!.req.id);
  assert.equal(s!.req.url, '/api/v1/nowhere?X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted]&limit=5');
});
