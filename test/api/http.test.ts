import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';

import { toOpenApiPath } from '../../api/src/http/route.ts';
import supertest from 'supertest';
import { apiRoutes, createApp } from '../../api/src/app.ts';
import { connectRedis } from '../../api/src/db/redis.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { REDIS_URL } from '../helpers/database.ts';

const NEEDS_REDIS = REDIS_URL ? false : 'needs a Redis server: runs in the REDIS_URL pass of .ci/run';
import { makeWorld, type World } from '../helpers/world.ts';

let ctx: TestContext;
let w: World;

before(async () => {
  ctx = await createTestContext({ METRICS_TOKEN: 'metrics-secret' });
  w = await makeWorld(ctx);
});
after(() => ctx.close());

describe('security headers', () => {
  test('the API may not be framed and loads nothing', async () => {
    const res = await ctx.http().get(`/api/v1/threads/${w.threadId}`).set(w.as(w.actors.owner));
    assert.match(res.headers['content-security-policy']!, /frame-ancestors 'none'/);
    assert.match(res.headers['content-security-policy']!, /default-src 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
  });

  test('a thread is never kept by a cache, and JSON carries no document-only headers', async () => {
    const res = await ctx.http().get(`/api/v1/threads/${w.threadId}/comments`).set(w.as(w.actors.owner));
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    for (const name of ['x-xss-protection', 'x-download-options', 'x-dns-prefetch-control', 'origin-agent-cluster', 'cross-origin-opener-policy']) {
      assert.equal(res.headers[name], undefined, name);
    }
    const refused = await ctx.http().get(`/api/v1/threads/${w.threadId}/comments`);
    assert.equal(refused.status, 401);
    assert.equal(refused.headers['cache-control'], 'no-store');
  });

  test('pages the product serves are framed by CSP, not blocked by X-Frame-Options', async () => {
    const res = await ctx.http().get('/demo/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-frame-options'], undefined);
    assert.match(res.headers['content-security-policy']!, /frame-ancestors/);
  });
});

describe('CORS', () => {
  test('a preflight from any tenant’s allowed origin is answered; others are not', async () => {
    const ok = await ctx.http().options('/api/v1/comments').set('Origin', 'https://lms-b.example').set('Access-Control-Request-Method', 'POST');
    assert.equal(ok.status, 204);
    assert.equal(ok.headers['access-control-allow-origin'], 'https://lms-b.example');
    assert.match(ok.headers['access-control-allow-headers']!, /Idempotency-Key/);
    const evil = await ctx.http().options('/api/v1/comments').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    assert.equal(evil.headers['access-control-allow-origin'], undefined);
  });

  test('the actual response opens only to the caller’s own tenant’s origins', async () => {
    const own = await ctx.http().get(`/api/v1/threads/${w.threadId}`).set(w.as(w.actors.owner)).set('Origin', 'https://lms-a.example');
    assert.equal(own.headers['access-control-allow-origin'], 'https://lms-a.example');
    const other = await ctx.http().get(`/api/v1/threads/${w.threadId}`).set(w.as(w.actors.owner)).set('Origin', 'https://lms-b.example');
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });

  test('a tenant’s new origin is set through PATCH /tenant', async () => {
    const res = await ctx.http().patch('/api/v1/tenant').auth(w.tenantA.apiKey, { type: 'bearer' }).send({ allowed_origins: ['https://new.example'] });
    assert.deepEqual(res.body.allowed_origins, ['https://new.example']);
    const bad = await ctx.http().patch('/api/v1/tenant').auth(w.tenantA.apiKey, { type: 'bearer' }).send({ allowed_origins: ['https://x.example/path'] });
    assert.equal(bad.status, 422);
  });
});

describe('rate limits', () => {
  test('a token over its budget gets 429 with Retry-After; another token is unaffected', async () => {
    const limited = await createTestContext({ RATE_LIMIT_USER_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' });
    try {
      const { tenant } = await limited.c.tenants.create({ name: 'L', allowedOrigins: [] });
      const a = await limited.c.users.mintToken(tenant.id, { externalId: 'a', name: 'A', role: 'learner' });
      const b = await limited.c.users.mintToken(tenant.id, { externalId: 'b', name: 'B', role: 'learner' });
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await limited.http().get('/api/v1/exercises').auth(a.accessToken, { type: 'bearer' })).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
      const last = await limited.http().get('/api/v1/exercises').auth(a.accessToken, { type: 'bearer' });
      assert.ok(Number(last.headers['retry-after']) > 0);
      assert.equal(last.body.status, 429);
      assert.equal((await limited.http().get('/api/v1/exercises').auth(b.accessToken, { type: 'bearer' })).status, 200);
    } finally {
      await limited.close();
    }
  });
});

describe('rate limits without a token', () => {
  test('requests without a token spend their address’s budget; a token has its own', async () => {
    const limited = await createTestContext({ RATE_LIMIT_IP_MAX: '3', RATE_LIMIT_USER_MAX: '100' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.http().get('/api/v1/openapi.json')).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const { tenant } = await limited.c.tenants.create({ name: 'I', allowedOrigins: [] });
      const t = await limited.c.users.mintToken(tenant.id, { externalId: 'i', name: 'I', role: 'learner' });
      assert.equal((await limited.http().get('/api/v1/exercises').auth(t.accessToken, { type: 'bearer' })).status, 200);
    } finally {
      await limited.close();
    }
  });
});

describe('rate limits across processes', () => {
  test('two API instances sharing Redis share one budget per token', { skip: NEEDS_REDIS }, async () => {
    const shared = await createTestContext({ RATE_LIMIT_USER_MAX: '4', RATE_LIMIT_WINDOW_MS: '60000' });
    const redis = await connectRedis(REDIS_URL!, () => {});
    try {
      const one = supertest(createApp(shared.c, { redis }));
      const two = supertest(createApp(shared.c, { redis }));
      const { tenant } = await shared.c.tenants.create({ name: 'R', allowedOrigins: [] });
      const t = await shared.c.users.mintToken(tenant.id, { externalId: `r-${Date.now()}`, name: 'R', role: 'learner' });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await (i % 2 ? two : one).get('/api/v1/exercises').auth(t.accessToken, { type: 'bearer' })).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
    } finally {
      await redis.quit();
      await shared.close();
    }
  });
});

describe('metrics', () => {
  test('/metrics needs its token and exposes the product counters', async () => {
    assert.equal((await ctx.http().get('/metrics')).status, 401);
    const res = await ctx.http().get('/metrics').auth('metrics-secret', { type: 'bearer' });
    assert.equal(res.status, 200);
    for (const name of ['et_threads_created_total', 'et_comments_created_total', 'et_timecode_validation_failures_total', 'et_access_denials_total', 'et_http_request_duration_seconds']) {
      assert.match(res.text, new RegExp(name));
    }
    assert.match(res.text, /et_comments_created_total \d+/);
    assert.match(res.text, /route="\/api\/v1\/threads\/:id"/);
  });
});

describe('OpenAPI', () => {
  test('GET /openapi.json validates as OpenAPI 3.1 and lists every route of the app', async () => {
    const res = await ctx.http().get('/api/v1/openapi.json');
    assert.equal(res.body.openapi, '3.1.0');
    await SwaggerParser.validate(structuredClone(res.body));
    const documented = new Set(Object.entries(res.body.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
    for (const r of apiRoutes(ctx.c)) assert.ok(documented.has(`${r.method} ${toOpenApiPath(r.path)}`), `${r.method} ${r.path} is not documented`);
  });

  test('the reference page loads its renderer from this server (test/api-docs.test.ts renders it)', async () => {
    const res = await ctx.http().get('/api/docs');
    assert.equal(res.status, 200);
    assert.match(res.text, /<script src="\/api\/docs\/redoc\.standalone\.js"><\/script>/);
    assert.equal((await ctx.http().get('/api/docs/redoc.standalone.js')).status, 200);
  });
});

describe('errors', () => {
  test('/healthz answers when the database does', async () => {
    const res = await ctx.http().get('/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
  });

  test('an unknown route is a 404 problem', async () => {
    const res = await ctx.http().get('/api/v1/nothing-here').set(w.as(w.actors.owner));
    assert.equal(res.status, 404);
    assert.match(res.headers['content-type']!, /problem\+json/);
  });

  test('a malformed id in the path is 404, not 422 or 500', async () => {
    const res = await ctx.http().get('/api/v1/threads/not-a-uuid').set(w.as(w.actors.owner));
    assert.equal(res.status, 404);
  });

  test('a missing token is 401 with WWW-Authenticate', async () => {
    const res = await ctx.http().get('/api/v1/exercises');
    assert.equal(res.status, 401);
    assert.match(res.headers['www-authenticate']!, /^Bearer/);
  });
});
