import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A tenant's LRS password at rest: AES-256-GCM under a key derived (HKDF-SHA-256) from the
 * server's secret, so a leaked database dump does not hand over the LRS. Changing the server's
 * secret makes stored passwords unreadable: the tenant then sets its LRS again.
 */
const key = (serverSecret: string) => Buffer.from(hkdfSync('sha256', serverSecret, 'exercise-threads', 'lrs-password', 32));

export function sealSecret(plain: string, serverSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(serverSecret), iv);
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

export function openSecret(sealed: string, serverSecret: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Not a sealed secret.');
  const decipher = createDecipheriv('aes-256-gcm', key(serverSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** How a password is shown back: never in full, only enough to recognise it. */
export const maskSecret = (plain: string) => (plain.length <= 4 ? '••••' : `••••${plain.slice(-2)}`);
