import { createHmac } from 'node:crypto';
import type { Config } from '../config.ts';
import { LocalStorage } from './local-storage.ts';
import { S3Storage } from './s3-storage.ts';
import type { Storage } from './storage.ts';

/** S3 when a bucket is configured, otherwise the folder under the data folder. */
export function createStorage(config: Config): Storage {
  const s3 = config.media.s3;
  if (s3) return new S3Storage(s3);
  // Its own key, derived so that a leaked storage URL says nothing about the token secret.
  const secret = createHmac('sha256', config.jwtSecret).update('local-storage-signing').digest('base64url');
  return new LocalStorage(config.media.localDir, config.publicUrl, secret);
}
