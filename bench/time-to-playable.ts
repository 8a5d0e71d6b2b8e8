// Time to playable (issue 18): a learner's attempt uploaded through the API (start, signed part
// PUTs, complete), then the seconds from "upload complete" to the first frame playing in Chromium
// (GET /attempts/:id/playback → a <video> on the answer's URL, the first frame presented as seen by
// requestVideoFrameCallback), beside the seconds until the HLS ladder is ready; and the ladder's
// throughput (seconds of output per wall second) beside a same-run baseline, decoding the same
// source to nowhere. Sources, made with ffmpeg's lavfi in a temp folder: a 10-minute 720p H.264/AAC
// MP4 (moov at the end, as cameras write it) and a 2-minute 720p VP8/Opus WebM written to a pipe as
// MediaRecorder writes it (no duration in its header, no cues).
//
//   npm run bench -- playable      (or npx tsx bench/time-to-playable.ts; PLAYABLE_SCALE=0.1 for a quick run)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createApp } from '../api/src/app.ts';
import { loadConfig } from '../api/src/config.ts';
import { createContainer, stopJobs } from '../api/src/container.ts';
import { migrateLatest, openDatabase } from '../api/src/db/database.ts';
import { run } from '../api/src/media/ffmpeg.ts';

const SCALE = Number(process.env.PLAYABLE_SCALE ?? 1);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Source {
  name: string;
  file: string;
  contentType: string;
  seconds: number;
}

function ffmpeg(args: string[]): void {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args]);
  if (r.status !== 0) throw new Error(r.stderr.toString());
}

function makeSources(dir: string): Source[] {
  const mp4 = { name: 'MP4 H.264/AAC 720p', file: path.join(dir, 'attempt.mp4'), contentType: 'video/mp4', seconds: Math.round(600 * SCALE) };
  ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=30:duration=${mp4.seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${mp4.seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '2500k', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', mp4.file,
  ]);
  const webm = { name: 'WebM VP8/Opus 720p (MediaRecorder-like)', file: path.join(dir, 'attempt.webm'), contentType: 'video/webm', seconds: Math.round(120 * SCALE) };
  // Written to a pipe: the muxer cannot seek back to write a duration or cues, as in MediaRecorder.
  const r = spawnSync('sh', ['-c', `ffmpeg -v error -f lavfi -i testsrc2=size=1280x720:rate=30:duration=${webm.seconds} -f lavfi -i sine=frequency=440:duration=${webm.seconds} -c:v libvpx -deadline realtime -cpu-used 8 -b:v 2500k -c:a libopus -shortest -f webm pipe:1 > '${webm.file}'`]);
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return [mp4, webm];
}

const dir = mkdtempSync(path.join(tmpdir(), 'et-bench-playable-'));
const sources = makeSources(dir);
const server = createServer();
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
server.keepAliveTimeout = 30_000;
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const db = await openDatabase({ dataDir: 'memory://' });
await migrateLatest(db.knex);
const c = createContainer(loadConfig({ JWT_SECRET: 'bench-secret-0123456789abcdef0123456789', PUBLIC_URL: url, DATA_DIR: path.join(dir, 'data'), RATE_LIMIT_USER_MAX: '100000', LOG_LEVEL: 'silent' }), db, () => {});
server.on('request', createApp(c));
// When each asset started and finished transcoding, as the worker announced it.
const transcodeStart = new Map<string, number>();
const transcodeEnd = new Map<string, number>();
c.live.onCommitted(async (e) => {
  if (e.kind !== 'media') return;
  if (e.event.status === 'processing') transcodeStart.set(e.event.media_asset_id, performance.now());
  if (e.event.status === 'ready' || e.event.status === 'failed') transcodeEnd.set(e.event.media_asset_id, performance.now());
});
await c.media.jobs.start();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--autoplay-policy=no-user-gesture-required'] });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, read field by field below
type Json = any;

async function api(method: string, p: string, token: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${url}/api/v1${p}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const json = (await res.json()) as Json;
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A page already open (as the learner's is) holding one <video>. */
async function openPlayer() {
  const page = await browser.newPage();
  await page.setContent('<video muted playsinline style="width:640px"></video>');
  return page;
}

/** Milliseconds from now until the page's video, given `src`, presents its first frame while playing. */
async function firstFrame(page: Awaited<ReturnType<typeof openPlayer>>, src: string): Promise<number> {
  try {
    const t = performance.now();
    await page.evaluate(
      (s) =>
        new Promise<void>((resolve, reject) => {
          const v = document.querySelector('video')!;
          v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}: ${v.error?.message}`)));
          v.requestVideoFrameCallback(() => resolve());
          v.src = s;
          void v.play();
        }),
      src,
    );
    return performance.now() - t;
  } finally {
    await page.close();
  }
}

const results = [];
try {
  const tenant = await c.tenants.create({ name: 'Bench', allowedOrigins: [] });
  const mint = async (external_id: string, role: string) =>
    (await (await fetch(`${url}/api/v1/tokens`, { method: 'POST', headers: { Authorization: `Bearer ${tenant.apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ user: { external_id, name: external_id, role } }) })).json()) as { access_token: string };
  const teacher = (await mint('teacher', 'instructor')).access_token;
  const learner = (await mint('learner', 'learner')).access_token;
  const exercise = await api('POST', '/exercises', teacher, { title: 'Bench', source: { type: 'url', url: 'https://media.example/model.mp4' } });
  const thread = await api('POST', '/threads', learner, { exercise_video_id: exercise.id });

  for (const s of sources) {
    const bytes = readFileSync(s.file);
    const created = await api('POST', `/threads/${thread.id}/attempts`, learner, { file_name: path.basename(s.file), size: bytes.length, content_type: s.contentType });
    const attempt = created.attempt as { id: string; media_asset_id: string };
    const upload = created.upload as { id: string; part_size: number; parts: { part_number: number; url: string }[] };
    const page = await openPlayer();
    const tUp = performance.now();
    const parts = [];
    for (const p of upload.parts) {
      const put = await fetch(p.url, { method: 'PUT', body: new Uint8Array(bytes.subarray((p.part_number - 1) * upload.part_size, p.part_number * upload.part_size)) });
      parts.push({ part_number: p.part_number, etag: put.headers.get('etag')! });
    }
    const tParts = performance.now();
    // "Upload complete" is the moment the last part is stored: completing (the probe) counts towards playable.
    await api('POST', `/media/uploads/${upload.id}/complete`, learner, { parts });
    const tComplete = performance.now();
    const playback = await api('GET', `/attempts/${attempt.id}/playback`, learner);
    const frameMs = await firstFrame(page, playback.url);
    const playable = (performance.now() - tParts) / 1000;
    for (;;) {
      if (transcodeEnd.has(attempt.media_asset_id)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const ready = (transcodeEnd.get(attempt.media_asset_id)! - tParts) / 1000;
    const transcodeWall = (transcodeEnd.get(attempt.media_asset_id)! - transcodeStart.get(attempt.media_asset_id)!) / 1000;
    const final = await api('GET', `/attempts/${attempt.id}`, learner);
    const hls = await api('GET', `/attempts/${attempt.id}/playback`, learner);
    const hlsKind = hls.kind;
    const seconds = final.duration as number;
    // The same run's floor: decoding the source to nowhere, after the ladder (not competing with it).
    let t = performance.now();
    await run('ffmpeg', ['-v', 'error', '-i', s.file, '-f', 'null', '-']);
    const decodeWall = (performance.now() - t) / 1000;
    t = performance.now();
    results.push({
      source: s.name,
      seconds,
      megabytes: Math.round(statSync(s.file).size / 1e6),
      upload_s: +((tParts - tUp) / 1000).toFixed(1),
      first_answer: playback.kind,
      upload_complete_to_first_frame_s: +playable.toFixed(2),
      of_which_complete_and_probe_s: +((tComplete - tParts) / 1000).toFixed(2),
      of_which_first_frame_in_chromium_s: +(frameMs / 1000).toFixed(2),
      upload_complete_to_hls_ready_s: +ready.toFixed(1),
      after_ready: hlsKind,
      ladder_output_s_per_wall_s: +(seconds / transcodeWall).toFixed(2),
      decode_only_s_per_wall_s: +(seconds / decodeWall).toFixed(2),
    });
    console.log(JSON.stringify(results.at(-1)));
  }
  console.table(results);
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), shared; x264 preset veryfast (production); scale ${SCALE}`);
} finally {
  await browser.close();
  await stopJobs(c);
  server.closeAllConnections();
  server.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
