import { Router, type Request, type Response } from 'express';
import { PLAYABLE_TYPES, StorageError } from './storage.ts';
import type { LocalStorage } from './local-storage.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
};

/**
 * The local driver's signed URLs, answered like S3 would: a signed PUT stores a part and returns
 * its ETag, a signed GET serves an object with Range support. The signature is the capability,
 * so any origin may use it (no cookies are involved), and ETag is exposed for the uploader.
 */
export function localStorageRouter(storage: LocalStorage, maxPartBytes: number): Router {
  const router = Router();
  router.use((req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'ETag, Content-Length, Content-Range');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, HEAD');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Range');
      res.setHeader('Access-Control-Max-Age', '3000');
      res.status(204).end();
      return;
    }
    next();
  });

  const deny = (res: Response) => res.status(403).type('text/plain').send('Missing, invalid or expired signature.');
  const expiresOf = (req: Request) => Number(req.query.expires);
  const signatureOf = (req: Request) => (typeof req.query.signature === 'string' ? req.query.signature : undefined);

  router.put('/p/:upload/:part', async (req, res) => {
    const { upload, part } = req.params;
    if (!storage.verify({ method: 'PUT', resource: `/p/${upload}/${part}`, expires: expiresOf(req) }, signatureOf(req))) return deny(res);
    try {
      const etag = await storage.writePart(upload, Number(part), req, maxPartBytes);
      res.setHeader('ETag', etag);
      res.status(200).end();
    } catch (error) {
      if (error instanceof StorageError) {
        res.status(400).type('text/plain').send(error.message);
        return;
      }
      // The uploader went away mid-part: nothing was stored, nobody to answer.
      if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') return;
      throw error;
    }
  });

  router.get('/o/*key', (req, res) => {
    const key = (req.params as { key: string[] }).key.join('/');
    if (!storage.verify({ method: 'GET', resource: `/o/${key}`, expires: expiresOf(req) }, signatureOf(req))) return deny(res);
    try {
      storage.fileFor(key);
    } catch {
      return deny(res);
    }
    const ext = /\.[a-z0-9]+$/.exec(key)?.[0] ?? '';
    // An original served while it is transcoded: its key has no extension, the URL says its type.
    const asked = typeof req.query.type === 'string' && PLAYABLE_TYPES.includes(req.query.type) ? req.query.type : undefined;
    // Relative to the objects folder: an absolute path would have send refuse a DATA_DIR such as
    // the default ./.data (a dot segment), answering 404 for every segment and poster.
    res.sendFile(key, { root: storage.objectsRoot, headers: { 'Content-Type': asked ?? CONTENT_TYPES[ext] ?? 'application/octet-stream', 'Cache-Control': 'private, max-age=300' } }, (error) => {
      if (error && !res.headersSent) res.status(404).type('text/plain').send('No such object.');
    });
  });
  return router;
}
