// A 5,000-comment thread exports in every format with bounded memory: the peak retained heap
// during the export, beside a 50-comment export's, each measured in its own process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

type Figures = { format: string; bytes: number; peakHeapDeltaBytes: number };
const FORMATS = ['vtt', 'jsonld', 'csv'];

async function probe(count: number): Promise<Map<string, Figures>> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/exports/export-heap-probe.ts', String(count), ...FORMATS], { env: process.env, maxBuffer: 1 << 20 });
  const lines = stdout.trim().split('\n').filter((l) => l.startsWith('{'));
  return new Map(lines.map((l) => JSON.parse(l) as Figures).map((f) => [f.format, f]));
}

const MB = 1024 * 1024;

test('a 5,000-comment thread exports in every format holding about a page, not the file', async (t) => {
  // One seeding per size for all three formats, each in its own process.
  const smalls = await probe(50);
  const larges = await probe(5000);
  for (const format of FORMATS) {
    await t.test(format, () => {
      const small = smalls.get(format);
      const large = larges.get(format);
      assert.ok(small && large, `${format} was measured`);
      console.log(`# ${format}: 50 comments ${(small.bytes / MB).toFixed(2)} MB out, peak heap +${(small.peakHeapDeltaBytes / MB).toFixed(2)} MB; 5,000 comments ${(large.bytes / MB).toFixed(2)} MB out, peak heap +${(large.peakHeapDeltaBytes / MB).toFixed(2)} MB`);
      // 5,000 comments of 2,000 characters: about 10 MB (9.9 MiB) of export, far above a page's worth.
      assert.ok(large.bytes > 8 * MB, 'the large export is over 8 MiB');
      // Kept whole, the text alone would take twice its size in the heap (UTF-16).
      assert.ok(large.peakHeapDeltaBytes < large.bytes / 3, `peak ${large.peakHeapDeltaBytes} for ${large.bytes} bytes`);
      assert.ok(large.peakHeapDeltaBytes < small.peakHeapDeltaBytes + 4 * MB, `peak ${large.peakHeapDeltaBytes} beside ${small.peakHeapDeltaBytes}`);
    });
  }
});
