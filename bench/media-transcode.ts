// Transcoding speed: seconds of source transcoded per second of wall time, for a 30 s 720p
// source through the production ladder (360p + 720p, x264 veryfast, one ffmpeg run), beside a
// same-run baseline: decoding the same source to nowhere (the floor any transcode pays).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { probe, run } from '../api/src/media/ffmpeg.ts';
import { transcode } from '../api/src/media/transcoder.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'et-bench-transcode-'));
try {
  const source = path.join(dir, 'source.mp4');
  const SECONDS = 30;
  const gen = spawnSync('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=30:duration=${SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${SECONDS}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', source,
  ]);
  if (gen.status !== 0) throw new Error(gen.stderr.toString());
  const info = (await probe('ffprobe', source))!;

  let t = performance.now();
  await run('ffmpeg', ['-v', 'error', '-i', source, '-f', 'null', '-']);
  const decode = (performance.now() - t) / 1000;

  const results: Record<string, number> = {};
  for (const preset of ['veryfast', 'ultrafast']) {
    const out = path.join(dir, `out-${preset}`);
    t = performance.now();
    const r = await transcode('ffmpeg', source, out, info, { preset });
    const wall = (performance.now() - t) / 1000;
    results[preset] = wall;
    console.log(`ladder ${r.renditions.map((x) => `${x.name}@${Math.round(x.bandwidth / 1000)}kbps`).join(' ')} preset=${preset}: ${wall.toFixed(1)} s wall, ${(info.durationMs / 1000 / wall).toFixed(2)} s of video per s`);
  }
  console.log(`baseline decode only: ${decode.toFixed(1)} s wall, ${(info.durationMs / 1000 / decode).toFixed(2)} s of video per s`);
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), shared`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
