import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TEST_SECRET } from '../helpers/context.ts';
import { freshDatabase, NEEDS_SERVER } from '../helpers/database.ts';
import { makeVideo, mintToken, NEEDS_FFMPEG, startMediaApp, tempDir, uploadFile, waitFor, type MediaContext } from './helpers.ts';

// A worker process killed (SIGKILL) half-way through a transcode: the job expires, is retried by
// the next worker, and the asset ends ready. Needs a PostgreSQL server, which two processes share.

const here = path.dirname(fileURLToPath(import.meta.url));
const temp = tempDir('worker-crash');
let ctx: MediaContext | undefined;

after(async () => {
  await ctx?.close();
  temp.remove();
});

test('a worker killed mid-job leaves the asset processing; on restart the job finishes', { skip: NEEDS_SERVER || NEEDS_FFMPEG }, async () => {
  const video = path.join(temp.dir, 'clip.mp4');
  makeVideo(video, 2);
  const expire = 3;
  ctx = await startMediaApp({}, { jobs: { expireInSeconds: expire } }, await freshDatabase());
  const tenant = await ctx.c.tenants.create({ name: 'A', allowedOrigins: [] });
  const teacher = await mintToken(ctx, tenant.apiKey, 'teacher', 'instructor');

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/transcode-worker.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: ctx.db.url!,
      JWT_SECRET: TEST_SECRET,
      PUBLIC_URL: ctx.url,
      DATA_DIR: path.dirname(ctx.c.config.media.localDir),
      EXPIRE_IN_SECONDS: String(expire),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await waitFor('worker start', async () => (out.includes('STARTED') ? true : undefined), 30_000);

  const up = await uploadFile(ctx, teacher.token, readFileSync(video), 'clip.mp4');
  assert.equal(up.status, 202, JSON.stringify(up.body));
  await waitFor('the worker to be half-way', async () => (out.includes('MIDWAY') ? true : undefined), 30_000);
  child.kill('SIGKILL');
  await exited;

  const row = await ctx.db.knex('media_assets').where({ id: up.id }).first();
  assert.equal(row.status, 'processing', 'killed half-way: neither ready nor failed');
  assert.equal(row.master_key, null);

  // A new worker (this process) takes over once the dead one's job expires.
  await ctx.c.media.jobs.start();
  const ready = await waitFor('ready after restart', async () => {
    const r = await ctx!.db.knex('media_assets').where({ id: up.id }).first();
    assert.notEqual(r.status, 'failed', r.error);
    return r.status === 'ready' ? r : undefined;
  });
  assert.ok(await ctx.c.media.storage.size(ready.master_key));
  // The queue marks the job completed once the handler has returned, just after the asset is ready.
  const job = await waitFor('the job completed', async () => {
    const j = await ctx!.db.knex('pgboss.job').where({ name: 'media-transcode' }).first('retry_count', 'state');
    assert.notEqual(j.state, 'failed');
    return j.state === 'completed' ? (j as { retry_count: number }) : undefined;
  });
  assert.ok(job.retry_count >= 1, 'it was the retry that finished it');
});
