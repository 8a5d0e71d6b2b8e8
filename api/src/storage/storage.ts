import type { Readable } from 'node:stream';

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
}

/**
 * Where media objects live. Two drivers behave the same: S3 (any S3-compatible endpoint) and a
 * folder on local disk whose signed URLs the API serves itself. The browser talks to storage only
 * through the signed URLs these return; the server reads and writes objects directly.
 */
export interface Storage {
  readonly kind: 's3' | 'local';
  createMultipartUpload(key: string, contentType: string): Promise<string>;
  /** A URL the browser may PUT one part to until it expires; the response carries the part's ETag. */
  presignPart(key: string, uploadId: string, partNumber: number, expiresInSeconds: number): Promise<string>;
  /**
   * Parts already received, so an interrupted upload resumes where it stopped; undefined when the
   * server cannot list them (s3rver), and the uploader's own ETags are then the record.
   */
  listParts(key: string, uploadId: string): Promise<UploadedPart[] | undefined>;
  completeMultipartUpload(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void>;
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
  /**
   * A URL anyone holding it may GET (with Range) until it expires; `contentType` (a video type)
   * is the Content-Type it is served with, for an object stored without a telling name.
   */
  presignGet(key: string, expiresInSeconds: number, contentType?: PlayableType): Promise<string>;
  put(key: string, body: Buffer | Readable, contentType: string): Promise<void>;
  /** The object's bytes as a stream (server side). */
  read(key: string): Promise<Readable>;
  /** The object's size, or undefined when it does not exist. */
  size(key: string): Promise<number | undefined>;
  /** Removes every object whose key starts with `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
}

/** The types an object may be served as through presignGet's override. */
export type PlayableType = 'video/mp4' | 'video/webm';
export const PLAYABLE_TYPES: readonly string[] = ['video/mp4', 'video/webm'];

export class StorageError extends Error {}

/** Keys are built by the API from ids; refuse anything that could escape its prefix. */
export function assertSafeKey(key: string): void {
  const segments = key.replace(/\/$/, '').split('/');
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key) || segments.some((seg) => seg === '' || seg === '.' || seg === '..')) {
    throw new StorageError(`Unsafe storage key: ${key}`);
  }
}
