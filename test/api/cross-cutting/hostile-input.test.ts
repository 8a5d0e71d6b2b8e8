import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiRoutes } from '../../../api/src/app.ts';
import { createTestContext, type TestContext } from '../../helpers/context.ts';
import { makeWorld, type World } from '../../helpers/world.ts';

// Every route, as its rightful caller, fed hostile values in each body field and query parameter:
// the answer is a problem document below 500, never a crash. (The access matrix covers who may
// call; this covers what they may send.)

let ctx: TestContext;
let w: World;
before(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
});
after(() => ctx.close());

const HOSTILE: unknown[] = [
  null, true, -1, 0, 1e308, -0.0001, 'x'.repeat(10_001), '', ' ', '\u0000', '💃🏽', '../../etc/passwd',
  "'; DROP TABLE users; --", '00000000-0000-0000-0000-000000000000', [], [null], {}, { $gt: '' }, { __proto__: { admin: true } },
];

/** Each route's rightful caller: its author for exercises and media, the moderator for moderation, the owner otherwise. */
function callerFor(path: string, auth: string): string {
  if (auth === 'api_key' || path === '/tokens' || path === '/tenant') return w.tenantA.apiKey;
  if (path.startsWith('/moderation')) return w.actors.moderator.token;
  if (path.startsWith('/exercises') || path.startsWith('/media')) return w.actors.author.token;
  return w.actors.owner.token;
}

const fill = (path: string) =>
  path.replace(/:user_id/g, w.actors.coauthor.id).replace(/:rendition/g, 'master.m3u8').replace(/:id/g, path.startsWith('/threads') ? w.threadId : path.startsWith('/exercises') ? w.exerciseId : w.commentId);

test('hostile body fields and query parameters never make a route answer 500', async () => {
  const failures: string[] = [];
  for (const route of apiRoutes(ctx.c)) {
    const token = callerFor(route.path, route.auth);
    const url = `/api/v1${fill(route.path)}`;
    const bodyFields = Object.keys((route.body as { shape?: object } | undefined)?.shape ?? {});
    const queryFields = Object.keys((route.query as { shape?: object } | undefined)?.shape ?? {});
    const attempts: { query?: Record<string, string>; body?: unknown }[] = [];
    for (const value of HOSTILE) {
      for (const field of bodyFields) attempts.push({ body: { [field]: value } });
      for (const field of queryFields) attempts.push({ query: { [field]: typeof value === 'string' ? value : JSON.stringify(value) } });
      if (route.body) attempts.push({ body: value });
    }
    for (const attempt of attempts) {
      let req = ctx.http()[route.method](url).set('Authorization', `Bearer ${token}`);
      if (attempt.query) req = req.query(attempt.query);
      const res = attempt.body === undefined ? await req : await req.set('Content-Type', 'application/json').send(JSON.stringify(attempt.body));
      const problem = res.status >= 400 && /application\/problem\+json/.test(res.headers['content-type'] ?? '');
      if (res.status >= 500 || (res.status >= 400 && !problem)) {
        failures.push(`${route.method.toUpperCase()} ${route.path} ${JSON.stringify(attempt).slice(0, 120)}: ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
  }
  assert.ok(failures.length === 0, `${failures.length} failures:\n${failures.join('\n')}`);
  assert.deepEqual(ctx.unexpected, []);
});
