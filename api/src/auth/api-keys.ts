import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Keys look like `etk_<prefix>_<secret>`; the prefix finds the row, the secret is only stored hashed.
// A plain SHA-256 suffices: the secret is 256 random bits, so there is nothing to brute-force.
const KEY_PATTERN = /^etk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function isApiKey(token: string): boolean {
  return token.startsWith('etk_');
}

export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `etk_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function splitApiKey(key: string): { prefix: string; secret: string } | undefined {
  const m = KEY_PATTERN.exec(key);
  return m ? { prefix: m[1]!, secret: m[2]! } : undefined;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
