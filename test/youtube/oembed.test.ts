import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { memoryCache, redisCache } from '../../api/src/youtube/oembed-cache.ts';
import { youtubeVideoId } from '../../api/src/youtube/youtube-id.ts';
import { YouTubeService } from '../../api/src/youtube/youtube.service.ts';
import { createTestContext } from '../helpers/context.ts';
import { REDIS_URL } from '../helpers/database.ts';

let server: Server;
let endpoint: string;
let hits = 0;
before(async () => {
  server = createServer((req, res) => {
    hits += 1;
    const url = new URL(req.url ?? '/', 'http://x').searchParams.get('url') ?? '';
    if (url.endsWith('gone0000000')) {
      res.statusCode = 404;
      return res.end('Not Found');
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ title: 'Hamlet, act 3', author_name: 'Drama Dept', thumbnail_url: 'https://i.ytimg.com/vi/abc/hqdefault.jpg', html: '<iframe>' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oembed`;
});
after(() => server.close());

test('reads YouTube ids from the usual URL forms', () => {
  for (const url of [
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42',
    'https://youtu.be/dQw4w9WgXcQ',
    'https://www.youtube.com/embed/dQw4w9WgXcQ',
    'https://youtube.com/shorts/dQw4w9WgXcQ',
    'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
  ]) {
    assert.equal(youtubeVideoId(url), 'dQw4w9WgXcQ', url);
  }
  for (const url of ['https://vimeo.com/123', 'https://www.youtube.com/watch?v=short', 'javascript:alert(1)', 'not a url']) {
    assert.equal(youtubeVideoId(url), undefined, url);
  }
});

test('fetches title, author and thumbnail once, then from the cache', async () => {
  const yt = new YouTubeService({ oembedUrl: endpoint, timeoutMs: 2000 }, memoryCache());
  const start = hits;
  const a = await yt.lookup('https://www.youtube.com/watch?v=aaaaaaaaaaa');
  const b = await yt.lookup('https://youtu.be/aaaaaaaaaaa');
  assert.deepEqual(a, { title: 'Hamlet, act 3', author_name: 'Drama Dept', thumbnail_url: 'https://i.ytimg.com/vi/abc/hqdefault.jpg' });
  assert.deepEqual(b, a);
  assert.equal(hits, start + 1);
});

test('a missing video, an unreachable endpoint or a non-YouTube URL give undefined, never an error', async () => {
  const yt = new YouTubeService({ oembedUrl: endpoint, timeoutMs: 2000 }, memoryCache());
  assert.equal(await yt.lookup('https://youtu.be/gone0000000'), undefined);
  const start = hits;
  assert.equal(await yt.lookup('https://youtu.be/gone0000000'), undefined);
  assert.equal(hits, start, 'a missing video is remembered for a while');
  assert.equal(await yt.lookup('https://vimeo.com/1234'), undefined);
  assert.equal(hits, start);

  const down = new YouTubeService({ oembedUrl: 'http://127.0.0.1:9/oembed', timeoutMs: 2000 }, memoryCache());
  assert.equal(await down.lookup('https://youtu.be/bbbbbbbbbbb'), undefined);
});

test('creating a YouTube exercise with oEmbed unreachable keeps what the caller gave', async () => {
  const ctx = await createTestContext({ YOUTUBE_OEMBED_URL: 'http://127.0.0.1:9/oembed' });
  try {
    const { tenant } = await ctx.c.tenants.create({ name: 'T', allowedOrigins: [] });
    const minted = await ctx.c.users.mintToken(tenant.id, { externalId: 'i-1', name: 'Ira', role: 'instructor' });
    const res = await ctx
      .http()
      .post('/api/v1/exercises')
      .set('Authorization', `Bearer ${minted.accessToken}`)
      .send({ title: 'Given title', source: { type: 'youtube', url: 'https://youtu.be/ccccccccccc' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.title, 'Given title');
    assert.equal(res.body.source.youtube_id, 'ccccccccccc');
  } finally {
    await ctx.close();
  }
});

test('with Redis, processes share the cache', { skip: REDIS_URL ? false : 'needs a Redis server: runs in the REDIS_URL pass of .ci/run' }, async () => {
  const prefix = `et:test:${Date.now()}:`;
  const one = new YouTubeService({ oembedUrl: endpoint, timeoutMs: 2000 }, redisCache(REDIS_URL as string, () => {}, prefix));
  const two = new YouTubeService({ oembedUrl: endpoint, timeoutMs: 2000 }, redisCache(REDIS_URL as string, () => {}, prefix));
  try {
    const start = hits;
    const a = await one.lookup('https://youtu.be/ddddddddddd');
    const b = await two.lookup('https://youtu.be/ddddddddddd');
    assert.equal(a?.title, 'Hamlet, act 3');
    assert.deepEqual(b, a);
    assert.equal(hits, start + 1);
  } finally {
    await one.close();
    await two.close();
  }
});
