import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import type { RedisClientType } from 'redis';
import supertest from 'supertest';
import { connectRedis } from '../../api/src/db/redis.ts';
import { problemHandler } from '../../api/src/http/problem.ts';
import { rateLimits } from '../../api/src/http/rate-limit.ts';
import { FAULTS_SKIP, startRedis, type RedisStandIn } from './stand-ins.ts';

// With Redis away, rate limits still hold (each process's own budget) and answer at once.

describe('rate limits with Redis away', { skip: FAULTS_SKIP }, () => {
  let redis: RedisStandIn;
  let client: RedisClientType;
  const storeErrors: unknown[] = [];

  before(async () => {
    redis = await startRedis();
    client = await connectRedis(redis.url, () => {});
  });

  after(async () => {
    client?.destroy();
    await redis?.close();
  });

  test('fall back to this process’s budget, without waiting on Redis', async () => {
    const app = express();
    app.use(rateLimits({ windowMs: 60_000, userMax: 3, ipMax: 3, redis: client, onStoreError: (e) => storeErrors.push(e) }));
    app.get('/', (_req, res) => void res.send('ok'));
    app.use(problemHandler(() => {}));
    const as = (token: string) => supertest(app).get('/').set('Authorization', `Bearer ${token}`);

    assert.equal((await as('shared')).status, 200);
    assert.equal((await client.keys('et:rl:*')).length, 1, 'the budget is kept in Redis while it is up');

    await redis.kill();
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 4; i++) statuses.push((await as('local')).status);
    const took = Date.now() - started;
    assert.deepEqual(statuses, [200, 200, 200, 429], 'the limit holds while Redis is away');
    // Four requests, each of which would wait out node-redis's 5 s command timeout without the fallback.
    assert.ok(took < 2_000, `four requests took ${took} ms`);
    assert.deepEqual(storeErrors, [], 'Redis being away is not reported per request');
  });
});
