import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, test } from 'node:test';
import { zipArchive } from '../../api/src/privacy/data-archive.ts';
import { unzip } from '../helpers/unzip.ts';

describe('data archive', () => {
  test('data.json first, then each media entry, byte for byte; entries are opened one at a time', async () => {
    const video = Buffer.alloc(300_000, 7);
    const opened: string[] = [];
    let open = 0;
    let mostOpen = 0;
    const entry = (path: string, bytes: Buffer) => ({
      path,
      compress: false,
      open: async () => {
        opened.push(path);
        mostOpen = Math.max(mostOpen, ++open);
        const stream = Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]);
        stream.on('end', () => open--);
        return stream;
      },
    });
    async function* data() {
      yield '{"user":';
      yield JSON.stringify({ name: 'Sam' });
      yield '}';
    }
    const zip = await buffer(zipArchive(data(), [entry('media/a/source.mp4', video), entry('media/b/source.webm', Buffer.from('webm'))]));
    const files = await unzip(zip);
    assert.deepEqual([...files.keys()], ['data.json', 'media/a/source.mp4', 'media/b/source.webm']);
    assert.deepEqual(JSON.parse(files.get('data.json')!.toString()), { user: { name: 'Sam' } });
    assert.ok(files.get('media/a/source.mp4')!.equals(video));
    assert.equal(files.get('media/b/source.webm')!.toString(), 'webm');
    assert.deepEqual(opened, ['media/a/source.mp4', 'media/b/source.webm']);
    assert.equal(mostOpen, 1);
  });

  test('an object that cannot be read fails the archive rather than truncating it silently', async () => {
    async function* data() {
      yield '{}';
    }
    const broken = { path: 'media/x', compress: false, open: async () => Promise.reject(new Error('NoSuchKey')) };
    await assert.rejects(buffer(zipArchive(data(), [broken])), /NoSuchKey/);
  });
});
