import { buffer } from 'node:stream/consumers';
import yauzl from 'yauzl';

/** Every entry of a zip, read back by yauzl (with its CRC checks), as path → bytes. */
export async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(zip, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    file.on('entry', (entry: yauzl.Entry) => {
      file.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        buffer(stream).then((b) => {
          out.set(entry.fileName, b);
          file.readEntry();
        }, reject);
      });
    });
    file.on('end', resolve);
    file.on('error', reject);
    file.readEntry();
  });
  return out;
}
