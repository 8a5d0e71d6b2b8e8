import assert from 'node:assert/strict';
import { GetBucketCorsCommand } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import supertest from 'supertest';
import { createApp } from '../api/src/app.ts';
import { loadConfig } from '../api/src/config.ts';
import { createContainer } from '../api/src/container.ts';
import { openDatabase } from '../api/src/db/database.ts';
import { startS3rver } from './media/helpers.ts';

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), 'et-cli-'));
// The embedded database in its own folder, whatever pass the suite runs in.
const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir };
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'api/src/cli.ts', ...args], { env, cwd: process.cwd() });

after(() => rmSync(dataDir, { recursive: true, force: true }));

test('the CLI prints a tenant with its API key, and a user token the API accepts', async () => {
  const created = await cli('tenant:create', '--name', 'Acme University', '--origin', 'https://lms.acme.edu', '--origin', 'https://moodle.acme.edu');
  const tenant = JSON.parse(created.stdout.trim());
  assert.match(tenant.tenant_id, /^[0-9a-f-]{36}$/);
  assert.match(tenant.api_key, /^etk_[0-9a-f]{12}_/);

  const minted = await cli('user:token', '--tenant', tenant.tenant_id, '--external-id', 'u1', '--name', 'Una', '--role', 'learner');
  const token = JSON.parse(minted.stdout.trim());

  const config = loadConfig(env);
  const db = await openDatabase({ dataDir });
  try {
    const app = createApp(createContainer(config, db, () => {}));
    const asUser = await supertest(app).get('/api/v1/exercises').auth(token.access_token, { type: 'bearer' });
    assert.equal(asUser.status, 200);
    const asKey = await supertest(app).get('/api/v1/tenant').auth(tenant.api_key, { type: 'bearer' });
    assert.deepEqual(asKey.body.allowed_origins, ['https://lms.acme.edu', 'https://moodle.acme.edu']);
    const stored = await db.knex('api_keys').where({ tenant_id: tenant.tenant_id }).first();
    assert.ok(!tenant.api_key.includes(stored.secret_hash), 'the key is stored hashed');

    // While this process holds the folder, the CLI stops with a clear message.
    await assert.rejects(cli('tenant:create', '--name', 'Second'), (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 2);
      assert.match(error.stderr, /in use by another process/);
      return true;
    });
  } finally {
    await db.close();
  }
});

test('the CLI refuses bad input with a usage message', async () => {
  await assert.rejects(cli('user:token', '--tenant', 'nope', '--role', 'wizard'), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr, /--tenant/);
    assert.match(error.stderr, /Usage/);
    return true;
  });
});

test('storage:prepare creates the S3 bucket and lets the given origins upload from a browser', async () => {
  const s3 = await startS3rver();
  try {
    const bucket = `fresh-${Date.now()}`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'api/src/cli.ts', 'storage:prepare', '--origin', 'https://partner.example'], {
      env: { ...env, ...s3.env, S3_BUCKET: bucket },
      cwd: process.cwd(),
    });
    assert.deepEqual(JSON.parse(stdout), { bucket, cors_origins: ['https://partner.example'] });
    const cors = await s3.storage.client.send(new GetBucketCorsCommand({ Bucket: bucket }));
    const rule = cors.CORSRules?.[0];
    assert.deepEqual(rule?.AllowedOrigins, ['https://partner.example']);
    assert.ok(rule?.AllowedMethods?.includes('PUT'));
    assert.ok(rule?.ExposeHeaders?.includes('ETag'), 'a browser reads each part’s ETag');
  } finally {
    await s3.close();
  }
});

test('storage:prepare without S3 says the local driver needs nothing', async () => {
  await assert.rejects(cli('storage:prepare'), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr, /S3_BUCKET/);
    return true;
  });
});
