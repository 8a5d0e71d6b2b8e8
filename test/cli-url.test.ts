import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../api/src/config.ts';
import { runCli, withSeededFolder } from './helpers/cli.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters';

test('the CLI says which server URL it assumed when neither PUBLIC_URL nor PORT is set', async () => {
  assert.equal(loadConfig({ JWT_SECRET: SECRET }).publicUrlAssumed, true);
  assert.equal(loadConfig({ JWT_SECRET: SECRET, PORT: '3000' }).publicUrlAssumed, false);
  assert.equal(loadConfig({ JWT_SECRET: SECRET, PUBLIC_URL: 'https://threads.example.edu' }).publicUrlAssumed, false);
  const dir = mkdtempSync(path.join(tmpdir(), 'et-cli-url-'));
  try {
    const { tenantId } = (await withSeededFolder(dir, async (_app, s) => s))!;
    const registered = await runCli(dir, ['platform:register', '--tenant', tenantId, '--issuer', 'https://canvas.instructure.com', '--client-id', 'c1',
      '--auth-url', 'https://sso.canvaslms.com/api/lti/authorize_redirect', '--token-url', 'https://sso.canvaslms.com/login/oauth2/token', '--jwks-url', 'https://sso.canvaslms.com/api/lti/security/jwks',
      '--deployment-id', 'd1', '--frame-origin', 'https://school.instructure.com']);
    assert.match(registered.stderr, /PUBLIC_URL and PORT are unset: assuming the server is at http:\/\/localhost:8080/);
    assert.equal(JSON.parse(registered.stdout).login_url, 'http://localhost:8080/lti/login');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
