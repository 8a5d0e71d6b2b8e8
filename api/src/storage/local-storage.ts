import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSafeKey, StorageError, type PlayableType, type Storage, type UploadedPart } from './storage.ts';

/** Where the API mounts the local driver's signed-URL endpoints. */
export const LOCAL_STORAGE_PATH = '/storage';

export interface SignedRequest {
  method: 'GET' | 'PUT';
  /** The path after LOCAL_STORAGE_PATH, e.g. `/o/assets/…` or `/p/<upload>/<n>`. */
  resource: string;
  expires: number;
}

/**
 * The embedded default: objects are files under `root/objects`, multipart uploads collect parts
 * under `root/uploads/<id>`. It hands out URLs that the API itself answers (local-storage.routes.ts),
 * signed with HMAC-SHA256 and an expiry, so the browser sees the same flow as with S3.
 */
export class LocalStorage implements Storage {
  readonly kind = 'local' as const;

  constructor(
    readonly root: string,
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  private objectPath(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, 'objects', key);
  }

  private uploadDir(uploadId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(uploadId)) throw new StorageError('Unknown upload');
    return path.join(this.root, 'uploads', uploadId);
  }

  sign(req: SignedRequest): string {
    return createHmac('sha256', this.secret).update(`${req.method}\n${req.resource}\n${req.expires}`).digest('base64url');
  }

  /** Whether a request's signature is genuine and unexpired. */
  verify(req: SignedRequest, signature: string | undefined): boolean {
    if (!signature || !Number.isInteger(req.expires) || req.expires * 1000 < this.now()) return false;
    const want = Buffer.from(this.sign(req));
    const got = Buffer.from(signature);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  private signedUrl(method: 'GET' | 'PUT', resource: string, expiresInSeconds: number): string {
    const expires = Math.floor(this.now() / 1000) + expiresInSeconds;
    const sig = this.sign({ method, resource, expires });
    return `${this.baseUrl}${LOCAL_STORAGE_PATH}${resource.split('/').map(encodeURIComponent).join('/')}?expires=${expires}&signature=${sig}`;
  }

  async createMultipartUpload(key: string, contentType: string): Promise<string> {
    assertSafeKey(key);
    const id = randomUUID();
    await mkdir(this.uploadDir(id), { recursive: true });
    await writeFile(path.join(this.uploadDir(id), 'upload.json'), JSON.stringify({ key, contentType }));
    return id;
  }

  async presignPart(key: string, uploadId: string, partNumber: number, expiresInSeconds: number): Promise<string> {
    await this.uploadMeta(key, uploadId);
    return this.signedUrl('PUT', `/p/${uploadId}/${partNumber}`, expiresInSeconds);
  }

  private async uploadMeta(key: string, uploadId: string): Promise<{ key: string; contentType: string }> {
    let meta: { key: string; contentType: string };
    try {
      meta = JSON.parse(await readFile(path.join(this.uploadDir(uploadId), 'upload.json'), 'utf8'));
    } catch {
      throw new StorageError('Unknown upload');
    }
    if (meta.key !== key) throw new StorageError('Upload and key do not match');
    return meta;
  }

  /** Called by the signed PUT endpoint: stores one part atomically and returns its quoted ETag. */
  async writePart(uploadId: string, partNumber: number, body: Readable, maxBytes: number): Promise<string> {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) throw new StorageError('Bad part number');
    const dir = this.uploadDir(uploadId);
    await stat(path.join(dir, 'upload.json')).catch(() => {
      throw new StorageError('Unknown upload');
    });
    const hash = createHash('md5');
    let size = 0;
    const temp = path.join(dir, `.${partNumber}.${randomUUID()}`);
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxBytes) throw new StorageError('Part too large');
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(temp),
      );
      // The ETag is kept beside the part so listing parts need not re-read them.
      const etag = `"${hash.digest('hex')}"`;
      await writeFile(path.join(dir, `${partNumber}.etag`), etag);
      // A dropped connection leaves only the temp file: a part is either whole or absent.
      await rename(temp, path.join(dir, String(partNumber)));
      return etag;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    await this.uploadMeta(key, uploadId);
    const dir = this.uploadDir(uploadId);
    const names = (await readdir(dir)).filter((n) => /^\d+$/.test(n));
    const parts = await Promise.all(
      names.map(async (n) => {
        const file = path.join(dir, n);
        return { partNumber: Number(n), etag: (await readFile(`${file}.etag`, 'utf8')).trim(), size: (await stat(file)).size };
      }),
    );
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  async completeMultipartUpload(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void> {
    await this.uploadMeta(key, uploadId);
    const have = new Map(((await this.listParts(key, uploadId)) ?? []).map((p) => [p.partNumber, p.etag]));
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    for (const p of sorted) {
      if (have.get(p.partNumber) !== normalizeEtag(p.etag)) throw new StorageError(`Part ${p.partNumber} is missing or its ETag does not match`);
    }
    const target = this.objectPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomUUID()}.partial`;
    const dir = this.uploadDir(uploadId);
    try {
      await pipeline(async function* () {
        for (const p of sorted) yield* createReadStream(path.join(dir, String(p.partNumber)));
      }, createWriteStream(temp));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await rm(this.uploadDir(uploadId), { recursive: true, force: true });
  }

  async abortMultipartUpload(_key: string, uploadId: string): Promise<void> {
    await rm(this.uploadDir(uploadId), { recursive: true, force: true });
  }

  async presignGet(key: string, expiresInSeconds: number, contentType?: PlayableType): Promise<string> {
    assertSafeKey(key);
    const url = this.signedUrl('GET', `/o/${key}`, expiresInSeconds);
    // Not signed: the router takes only a playable video type from it (PLAYABLE_TYPES).
    return contentType ? `${url}&type=${encodeURIComponent(contentType)}` : url;
  }

  /** The file behind a GET resource, for the signed GET endpoint. */
  fileFor(key: string): string {
    return this.objectPath(key);
  }

  /** Where objects live: served relative to it, so only the key's own segments meet send's dotfile rule. */
  get objectsRoot(): string {
    return path.join(this.root, 'objects');
  }

  async put(key: string, body: Buffer | Readable, _contentType: string): Promise<void> {
    const target = this.objectPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomUUID()}.partial`;
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(temp));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async read(key: string): Promise<Readable> {
    const file = this.objectPath(key);
    await stat(file);
    return createReadStream(file);
  }

  async size(key: string): Promise<number | undefined> {
    try {
      return (await stat(this.objectPath(key))).size;
    } catch {
      return undefined;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertSafeKey(prefix);
    const base = path.join(this.root, 'objects');
    const target = path.join(base, prefix);
    if (prefix.endsWith('/')) {
      await rm(target, { recursive: true, force: true });
      return;
    }
    // Like S3: every key that starts with the prefix, whether a folder or a file name.
    const dir = path.dirname(target);
    const stem = path.basename(target);
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.startsWith(stem)).map((n) => rm(path.join(dir, n), { recursive: true, force: true })));
  }
}

function normalizeEtag(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}
