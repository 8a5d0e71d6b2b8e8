// A 5,000-comment thread exports in every format with bounded memory: the peak retained heap
// during the export, beside a 50-comment export's, each measured in its own process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function probe(count: number, format: string): Promise<{ bytes: number; peakHeapDeltaBytes: number }> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/exports/export-heap-probe.ts', String(count), format], { env: process.env, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

const MB = 1024 * 1024;

for (const format of ['vtt', 'jsonld', 'csv']) {
  // Its own timeout: two fresh databases and 5,000 inserts take minutes on a loaded machine.
  test(`a 5,000-comment ${format} export holds about a page, not the file`, { timeout: 900_000 }, async () => {
    const small = await probe(50, format);
    const large = await probe(5000, format);
    console.log(`# ${format}: 50 comments ${(small.bytes / MB).toFixed(2)} MB out, peak heap +${(small.peakHeapDeltaBytes / MB).toFixed(2)} MB; 5,000 comments ${(large.bytes / MB).toFixed(2)} MB out, peak heap +${(large.peakHeapDeltaBytes / MB).toFixed(2)} MB`);
    // 5,000 comments of 2,000 characters: about 10 MB (9.9 MiB) of export, far above a page's worth.
    assert.ok(large.bytes > 8 * MB, 'the large export is over 8 MiB');
    // Kept whole, the text alone would take twice its size in the heap (UTF-16).
    assert.ok(large.peakHeapDeltaBytes < large.bytes / 3, `peak ${large.peakHeapDeltaBytes} for ${large.bytes} bytes`);
    assert.ok(large.peakHeapDeltaBytes < small.peakHeapDeltaBytes + 4 * MB, `peak ${large.peakHeapDeltaBytes} beside ${small.peakHeapDeltaBytes}`);
  });
}
