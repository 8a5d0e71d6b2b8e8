import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedDemoIfEmpty } from '../api/src/demo/demo-seed.ts';
import { createTestContext } from './helpers/context.ts';

test('the demo seed lists the offline MP4 exercise first, and seeds only an empty database', async () => {
  const ctx = await createTestContext({ DEMO_MODE: 'on' });
  try {
    const seeded = await seedDemoIfEmpty(ctx.c);
    assert.match(seeded!.apiKey, /^etk_/);
    assert.equal(await seedDemoIfEmpty(ctx.c), undefined);
    const res = await ctx.http().post('/demo/token').send({ as: 'learner-1' });
    assert.equal(res.status, 201);
    assert.match(res.body.exercises[0].title, /Box step/);
    const first = await ctx.http().get(`/api/v1/exercises/${res.body.exercises[0].id}`).auth(res.body.access_token, { type: 'bearer' });
    assert.match(first.body.source.url, /\/demo\/media\/sample\.mp4$/);
  } finally {
    await ctx.close();
  }
});

test('without DEMO_MODE the demo page mints no tokens', async () => {
  const ctx = await createTestContext({ DEMO_MODE: 'off' });
  try {
    await seedDemoIfEmpty(ctx.c);
    const res = await ctx.http().post('/demo/token').send({ as: 'instructor' });
    assert.equal(res.status, 404);
    assert.equal(res.body.access_token, undefined);
  } finally {
    await ctx.close();
  }
});
