import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RenditionView } from '../contract/media.ts';
import { run, type ProbeResult } from './ffmpeg.ts';

export interface TranscodeOutput {
  renditions: RenditionView[];
  /** Every file written, relative to the output folder (playlists, segments, poster). */
  files: string[];
  master: string;
  poster: string;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** 360p and 720p, plus the source's own height when it is lower than 720p (never upscale). */
export function ladder(sourceHeight: number): number[] {
  const heights = [360, 720].filter((h) => h < sourceHeight);
  if (sourceHeight <= 720) heights.push(even(sourceHeight));
  return [...new Set(heights)].sort((a, b) => a - b);
}

/** Target video bitrate in kbit/s: 2800 at 720p, scaled by pixel count, at least 200. */
function kbps(height: number): number {
  return Math.max(200, Math.round((2800 * (height * height)) / (720 * 720)));
}

/**
 * Writes an HLS ladder in one ffmpeg run (the source is decoded once and scaled per rendition),
 * a master playlist, and a poster. Keyframes every 2 s keep segments aligned across renditions so
 * a player can switch between them at any segment boundary.
 */
export async function transcode(ffmpeg: string, input: string, outDir: string, source: ProbeResult, options: { preset?: string } = {}): Promise<TranscodeOutput> {
  const video = source.video!;
  const heights = ladder(video.height);
  const names = heights.map((h) => `${h}p`);
  const filter =
    heights.length === 1
      ? `[0:v]scale=-2:${heights[0]}[v0]`
      : `[0:v]split=${heights.length}${heights.map((_, i) => `[s${i}]`).join('')};` + heights.map((h, i) => `[s${i}]scale=-2:${h}[v${i}]`).join(';');
  const args = ['-v', 'error', '-y', '-i', input, '-filter_complex', filter];
  heights.forEach((h, i) => {
    const rate = kbps(h);
    args.push('-map', `[v${i}]`);
    if (source.hasAudio) args.push('-map', '0:a:0', '-c:a', 'aac', '-b:a', '96k', '-ac', '2');
    args.push(
      '-c:v', 'libx264', '-preset', options.preset ?? 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p',
      '-b:v', `${rate}k`, '-maxrate', `${Math.round(rate * 1.2)}k`, '-bufsize', `${rate * 2}k`,
      '-force_key_frames', 'expr:gte(t,n_forced*2)', '-sc_threshold', '0',
      '-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
      '-hls_segment_filename', path.join(outDir, names[i]!, 'seg-%03d.ts'),
      path.join(outDir, names[i]!, 'index.m3u8'),
    );
  });
  await Promise.all(names.map((n) => mkdir(path.join(outDir, n), { recursive: true })));
  // Background work: at a lower CPU priority than the API, whose probes and answers (an original
  // played while this runs) must stay quick.
  await run(ffmpeg, args, { niceness: 10 });

  const seconds = source.durationMs / 1000;
  const posterAt = Math.min(1, seconds / 2).toFixed(2);
  await run(ffmpeg, ['-v', 'error', '-y', '-ss', posterAt, '-i', input, '-frames:v', '1', '-vf', `scale=-2:${Math.min(360, even(video.height))}`, '-q:v', '4', path.join(outDir, 'poster.jpg')]);

  const renditions: RenditionView[] = [];
  const files: string[] = ['master.m3u8', 'poster.jpg'];
  for (const [i, name] of names.entries()) {
    const dirFiles = await readdir(path.join(outDir, name));
    let bytes = 0;
    for (const f of dirFiles) {
      files.push(`${name}/${f}`);
      if (f.endsWith('.ts')) bytes += (await stat(path.join(outDir, name, f))).size;
    }
    const height = heights[i]!;
    renditions.push({
      name,
      height,
      width: even((video.width * height) / video.height),
      // Measured, with headroom, so players pick a rendition the network can actually carry.
      bandwidth: Math.max(1, Math.round(((bytes * 8) / Math.max(seconds, 0.1)) * 1.1)),
    });
  }
  const master = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const r of renditions) master.push(`#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height}`, `${r.name}/index.m3u8`);
  await writeFile(path.join(outDir, 'master.m3u8'), `${master.join('\n')}\n`);
  return { renditions, files, master: 'master.m3u8', poster: 'poster.jpg' };
}
