import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecret, openSecret, sealSecret } from '../../api/src/xapi/lrs-secret.ts';

const secret = 'server-secret-0123456789abcdef0123456789';

test('an LRS password is sealed at rest and opens only with the same server secret', () => {
  const sealed = sealSecret('p@ss-word', secret);
  assert.ok(!sealed.includes('p@ss-word'));
  assert.notEqual(sealSecret('p@ss-word', secret), sealed, 'a fresh nonce every time');
  assert.equal(openSecret(sealed, secret), 'p@ss-word');
  assert.throws(() => openSecret(sealed, 'another-server-secret-0123456789abcdef'));
  const [v, iv, tag, data] = sealed.split('.');
  const bytes = Buffer.from(data!, 'base64url');
  bytes[0]! ^= 1;
  const tampered = [v, iv, tag, bytes.toString('base64url')].join('.');
  assert.throws(() => openSecret(tampered, secret));
});

test('a password is never shown back in full', () => {
  assert.equal(maskSecret('p@ss-word'), '••••rd');
  assert.equal(maskSecret('abc'), '••••');
});
