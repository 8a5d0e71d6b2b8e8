import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../api/src/config.ts';
import { createMailer } from '../../api/src/notifications/mailer.ts';

const base = { JWT_SECRET: 'x'.repeat(40), DATA_DIR: 'memory://' };

test('README defaults: email off without SMTP_URL, replies after 120 s, private webhook URLs refused', () => {
  const config = loadConfig(base);
  assert.equal(config.mail.smtp, undefined);
  assert.equal(createMailer(config.mail), undefined);
  assert.equal(config.mail.replyDelaySeconds, 120);
  assert.equal(config.webhooks.allowPrivateUrls, false);
});

test('SMTP_URL needs MAIL_FROM, and must be an smtp: or smtps: URL', () => {
  assert.throws(() => loadConfig({ ...base, SMTP_URL: 'smtp://mail.example:587' }), ConfigError);
  assert.throws(() => loadConfig({ ...base, SMTP_URL: 'https://mail.example', MAIL_FROM: 'a@b.example' }), ConfigError);
  const config = loadConfig({ ...base, SMTP_URL: 'smtps://u:p@mail.example:465', MAIL_FROM: 'Threads <t@example.edu>', NOTIFY_REPLY_DELAY_SECONDS: '30', WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' });
  assert.deepEqual(config.mail.smtp, { url: 'smtps://u:p@mail.example:465', from: 'Threads <t@example.edu>' });
  assert.equal(config.mail.replyDelaySeconds, 30);
  assert.equal(config.webhooks.allowPrivateUrls, true);
});
