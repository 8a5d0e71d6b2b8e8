import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

export interface ProbeResult {
  formatName: string;
  durationMs: number;
  video: { codec: string; width: number; height: number } | undefined;
  /** Frames per second; null when the container does not say (or says nonsense). */
  frameRate: number | null;
  hasAudio: boolean;
  /** The first audio stream's codec (aac, opus, …); undefined without audio. */
  audioCodec?: string | undefined;
}

export class ProcessError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/**
 * Runs a binary to completion; rejects with its stderr tail on a non-zero exit. `niceness` lowers
 * its CPU priority (background work: the ladder yields to requests, probes and playback).
 */
export function run(bin: string, args: string[], options: { signal?: AbortSignal; niceness?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    if (options.niceness && child.pid !== undefined) {
      try {
        setPriority(child.pid, options.niceness);
      } catch {
        // Not allowed here (or already gone): it runs at the normal priority.
      }
    }
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString());
      else reject(new ProcessError(`${bin} exited with ${code}`, err.trim()));
    });
  });
}

/** Whether a binary can be started at all (missing ffmpeg means "transcoding unavailable"). */
export async function available(bin: string): Promise<boolean> {
  try {
    await run(bin, ['-version']);
    return true;
  } catch {
    return false;
  }
}

// Demuxers that read pictures or text, not video: ffprobe reports a "video" stream for them too.
const NOT_VIDEO_FORMATS = /^(image2|.*_pipe|tty|gif|apng|webp|lavfi)$/;

/** Reads what the bytes are, whatever the file is called; undefined when it is not a video. */
export async function probe(ffprobe: string, input: string): Promise<ProbeResult | undefined> {
  let json: string;
  try {
    json = await run(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input]);
  } catch (error) {
    if (error instanceof ProcessError) return undefined;
    throw error;
  }
  const parsed = JSON.parse(json) as {
    format?: { format_name?: string; duration?: string };
    streams?: {
      codec_type?: string;
      codec_name?: string;
      width?: number;
      height?: number;
      r_frame_rate?: string;
      avg_frame_rate?: string;
      disposition?: { attached_pic?: number };
    }[];
  };
  const formatName = parsed.format?.format_name ?? '';
  const streams = parsed.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic && s.width && s.height);
  if (!v || NOT_VIDEO_FORMATS.test(formatName)) return undefined;
  let durationMs = Math.round(Number(parsed.format?.duration ?? 0) * 1000);
  // MediaRecorder writes WebM as it records, so its header has no duration: read the last packet's end.
  if (!(durationMs > 0)) durationMs = await lastPacketEndMs(ffprobe, input);
  if (!(durationMs > 0)) return undefined;
  const audio = streams.find((s) => s.codec_type === 'audio');
  return {
    formatName,
    durationMs,
    video: { codec: v.codec_name ?? 'unknown', width: v.width!, height: v.height! },
    frameRate: frameRate(v.avg_frame_rate) ?? frameRate(v.r_frame_rate),
    hasAudio: audio !== undefined,
    audioCodec: audio?.codec_name,
  };
}

/** The end of the last packet of any stream, in ms (0 when none can be read): a demux, no decoding. */
async function lastPacketEndMs(ffprobe: string, input: string): Promise<number> {
  let csv: string;
  try {
    csv = await run(ffprobe, ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', input]);
  } catch (error) {
    if (error instanceof ProcessError) return 0;
    throw error;
  }
  let end = 0;
  for (const line of csv.split('\n')) {
    const [pts, duration] = line.split(',').map(Number);
    if (Number.isFinite(pts)) end = Math.max(end, pts! + (Number.isFinite(duration) ? duration! : 0));
  }
  return Math.round(end * 1000);
}

/**
 * The MIME type browsers play this file as, progressively, or undefined: H.264 with AAC or MP3 (or
 * no audio) in MP4, and VP8, VP9 or AV1 with Opus or Vorbis (or no audio) in WebM, as MediaRecorder
 * writes it. Anything else waits for the HLS ladder.
 */
export function browserPlayableAs(info: ProbeResult): 'video/mp4' | 'video/webm' | undefined {
  const video = info.video?.codec;
  const audio = info.audioCodec;
  if (/\bmp4\b/.test(info.formatName) && video === 'h264' && (audio === undefined || audio === 'aac' || audio === 'mp3')) return 'video/mp4';
  if (/\bwebm\b/.test(info.formatName) && ['vp8', 'vp9', 'av1'].includes(video ?? '') && (audio === undefined || audio === 'opus' || audio === 'vorbis')) return 'video/webm';
  return undefined;
}

/**
 * ffprobe's rates are fractions ("24/1", "30000/1001", "0/0" when unknown). The average rate is
 * what plays; r_frame_rate (the timebase's lowest rate) only when the average is missing.
 */
export function frameRate(fraction: string | undefined): number | null {
  const m = /^(\d+)\/(\d+)$/.exec(fraction ?? '');
  if (!m) return null;
  const rate = Number(m[1]) / Number(m[2]);
  return Number.isFinite(rate) && rate > 0 && rate <= 1000 ? Math.round(rate * 1000) / 1000 : null;
}
