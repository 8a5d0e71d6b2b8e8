// `npm run bench`: the database and REST benchmarks (both need the PostgreSQL server, by default
// 127.0.0.1:5432; BENCH_DATABASE_URL or DATABASE_URL to change it) and the time to playable of an
// attempt (embedded database, ffmpeg, Chromium; about 15 minutes). Name some to run only those:
// `npm run bench -- playable`, `npm run bench -- database rest`. The others run on their own:
//   npx tsx bench/live-fanout.ts        live channel fan-out (also needs Redis)
//   npx tsx bench/media-transcode.ts    transcoding speed      npx tsx bench/media-upload.ts   uploads
//   npx tsx bench/widget-thread.bench.ts  rendering 5,000 comments in Chromium
//   npx tsx bench/rest-cpu.ts           CPU per request, API beside the bare handler (OP=read for reads)
//   npx tsx bench/rest-ab.ts            two checkouts of the API in one run (A=, B=, NODE_FLAGS_B=)
//   npx tsx bench/comment-insert-sql.ts PostgreSQL's cost of the create statement, parts removed (pgbench)
//   npx tsx bench/comment-insert-batch.ts  one create statement per comment against batches of them (pgbench)
//   npx tsx bench/comment-page-sql.ts   a page read's times formatted on read against stored (pgbench)
//   npx tsx bench/timestamp-format.ts   PostgreSQL's cost of formatting a timestamp
export {};

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

if (wanted('database')) console.log('database:', JSON.stringify(await (await import('./database.ts')).benchDatabase(), null, 2));
if (wanted('rest')) console.log('rest api:', JSON.stringify(await (await import('./rest-api.ts')).benchRestApi(), null, 2));
// Runs as it is imported: uploads, plays in Chromium, waits for the ladder, prints its table.
if (wanted('playable')) await import('./time-to-playable.ts');
