// Run as a child process (node --expose-gc): seeds a thread with N comments, exports it in each
// format named, and prints for each the peak retained heap during the export above the heap
// before it, as one JSON line (one seeding for all formats: seeding is the slow part).
import { createTestContext } from '../helpers/context.ts';
import { makeWorld } from '../helpers/world.ts';

const count = Number(process.argv[2]);
const formats = process.argv.slice(3) as ('vtt' | 'jsonld' | 'csv')[];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with --expose-gc.');

const ctx = await createTestContext();
const w = await makeWorld(ctx);
// N comments of 2,000 characters each (the world has two already): kept whole, the export
// would hold megabytes; streamed, one page.
await ctx.db.knex.raw(
  `INSERT INTO video_comments (thread_id, author_id, t_start_ms, t_end_ms, body)
   SELECT ?, ?, (i * 7) % 59000, (i * 7) % 59000 + 500, repeat(md5(i::text), 62) || ' #' || i
     FROM generate_series(1, ?) AS i`,
  [w.threadId, w.actors.owner.id, count - 2],
);

const { exportThread } = await import('./export-heap-driver.ts');
for (const format of formats) {
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = 0;
  let bytes = 0;
  let chunks = 0;
  await exportThread(ctx, w, format, (chunk) => {
    bytes += chunk.length;
    chunks++;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed - before);
  });
  console.log(JSON.stringify({ count, format, bytes, chunks, peakHeapDeltaBytes: peak }));
}
await ctx.close();
