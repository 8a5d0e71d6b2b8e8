import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCli, withSeededFolder } from './helpers/cli.ts';

// The CLI's key commands, each run as an admin runs it (a process of its own on the data folder),
// checked against the API the way a partner's backend would meet the key. A file of its own: each
// CLI run starts tsx and the embedded database, and one file's runs share one time budget.

test('key:create prints a key the API accepts, key:revoke makes it refused, tenant:list lists the demo tenant', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'et-cli-keys-'));
  const inDir = (...args: string[]) => runCli(dir, args);
  try {
    const seeded = (await withSeededFolder(dir, async (_app, s) => s))!;
    const listed = JSON.parse((await inDir('tenant:list')).stdout) as { id: string; name: string; demo: boolean; api_keys: { id: string; prefix: string; revoked_at: string | null }[] }[];
    const demo = listed.find((t) => t.id === seeded.tenantId);
    assert.ok(demo?.demo, 'the demo tenant is listed as such');
    assert.equal(demo.name, 'Exercise Threads Demo');
    // `etk_<prefix>_<secret>`: the secret is base64url, so it may hold `_` itself.
    const [, prefix, secret] = /^(etk_[0-9a-f]{12})_(.{43})$/.exec(seeded.apiKey)!;
    assert.deepEqual(demo.api_keys.map((k) => k.prefix), [prefix], 'its key by prefix');
    assert.ok(!JSON.stringify(listed).includes(secret!), 'no secret is listed');

    const created = JSON.parse((await inDir('key:create', '--tenant', seeded.tenantId, '--label', 'backend')).stdout) as { tenant_id: string; key_id: string; api_key: string };
    assert.equal(created.tenant_id, seeded.tenantId);
    assert.match(created.api_key, /^etk_[0-9a-f]{12}_/);
    await withSeededFolder(dir, async (app) => {
      const res = await app.get('/api/v1/tenant').auth(created.api_key, { type: 'bearer' });
      assert.equal(res.status, 200);
      assert.equal(res.body.id, seeded.tenantId);
    });

    const revoked = JSON.parse((await inDir('key:revoke', '--key', created.key_id)).stdout) as { key_id: string; revoked_at: string };
    assert.equal(revoked.key_id, created.key_id);
    assert.ok(Date.parse(revoked.revoked_at) > 0);
    await withSeededFolder(dir, async (app) => {
      assert.equal((await app.get('/api/v1/tenant').auth(created.api_key, { type: 'bearer' })).status, 401, 'the revoked key is refused');
      assert.equal((await app.get('/api/v1/tenant').auth(seeded.apiKey, { type: 'bearer' })).status, 200, 'the other key still works');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
