import { Readable } from 'node:stream';
import yazl from 'yazl';

export interface ArchiveEntry {
  /** Path inside the archive, e.g. `media/<asset id>/source.mp4`. */
  path: string;
  /** Opened only when the archive reaches this entry, so one object is read at a time. */
  open(): Promise<Readable>;
  /** Video is compressed already: stored as it is, deflating it again wastes time for nothing. */
  compress: boolean;
}

/**
 * A zip archive, streamed: `data.json` first, then each entry in turn, none of them held whole
 * in memory. yazl writes entries lazily and in order; an entry that fails to open or to read
 * fails the archive's stream.
 */
export function zipArchive(data: AsyncIterable<string>, entries: readonly ArchiveEntry[]): Readable {
  const zip = new yazl.ZipFile();
  const mtime = new Date();
  zip.addReadStreamLazy('data.json', { mtime, compress: true }, (cb) => cb(null, Readable.from(data)));
  for (const entry of entries) {
    zip.addReadStreamLazy(entry.path, { mtime, compress: entry.compress }, (cb) => {
      entry.open().then(
        (stream) => cb(null, stream),
        (error: Error) => cb(error, undefined as unknown as Readable),
      );
    });
  }
  zip.end();
  const out = zip.outputStream as Readable;
  // yazl reports a failed entry on the ZipFile; whoever reads the archive must hear of it.
  zip.on('error', (error: Error) => out.destroy(error));
  return out;
}
