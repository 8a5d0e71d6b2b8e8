// `npm run bench`: the database and REST benchmarks (both need the PostgreSQL server, by default
// 127.0.0.1:5432; BENCH_DATABASE_URL or DATABASE_URL to change it). The others run on their own:
//   npx tsx bench/live-fanout.ts        live channel fan-out (also needs Redis)
//   npx tsx bench/media-transcode.ts    transcoding speed      npx tsx bench/media-upload.ts   uploads
//   npx tsx bench/widget-thread.bench.ts  rendering 5,000 comments in Chromium
//   npx tsx bench/rest-cpu.ts           CPU per request, API beside the bare handler (OP=read for reads)
//   npx tsx bench/rest-ab.ts            two checkouts of the API in one run (A=, B=, NODE_FLAGS_B=)
//   npx tsx bench/comment-insert-sql.ts PostgreSQL's cost of the create statement, parts removed (pgbench)
//   npx tsx bench/timestamp-format.ts   PostgreSQL's cost of formatting a timestamp
import { benchDatabase } from './database.ts';
import { benchRestApi } from './rest-api.ts';

console.log('database:', JSON.stringify(await benchDatabase(), null, 2));
console.log('rest api:', JSON.stringify(await benchRestApi(), null, 2));
