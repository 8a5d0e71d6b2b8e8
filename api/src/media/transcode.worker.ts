import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MediaConfig } from '../config.ts';
import type { Storage } from '../storage/storage.ts';
import { probe, ProcessError } from './ffmpeg.ts';
import type { MediaRepository } from './media.repository.ts';
import { assetPrefix, type MediaService } from './media.service.ts';
import { transcode } from './transcoder.ts';

const CONTENT_TYPES: Record<string, string> = { '.m3u8': 'application/vnd.apple.mpegurl', '.ts': 'video/mp2t', '.jpg': 'image/jpeg' };

class PermanentError extends Error {}

export interface TranscodeJob {
  data: { asset_id: string };
  retryCount: number;
  retryLimit: number;
}

/**
 * One transcode: uploaded → processing → ready | failed. Outputs are written first and the asset
 * becomes ready in one update after the last object is stored, so a worker that dies half-way
 * leaves "processing" (and is retried), never a ready asset with missing files.
 */
export class TranscodeWorker {
  constructor(
    private readonly config: MediaConfig,
    private readonly storage: Storage,
    private readonly repo: MediaRepository,
    private readonly media: MediaService,
    private readonly options: { preset?: string } = {},
  ) {}

  async process(job: TranscodeJob): Promise<void> {
    const row = await this.repo.findAnyById(job.data.asset_id);
    // Deleted meanwhile, or already settled by an earlier attempt: nothing to do.
    if (!row || !['uploaded', 'processing'].includes(row.status)) return;
    const processing = await this.repo.transition(row.id, ['uploaded', 'processing'], { status: 'processing', error: null });
    if (!processing) return;
    if (row.status !== 'processing') this.media.publish(processing);

    const work = await mkdtemp(path.join(tmpdir(), 'et-transcode-'));
    const hlsPrefix = `${assetPrefix(row)}hls/`;
    try {
      const source = path.join(work, 'source');
      await pipeline(await this.storage.read(row.source_key), createWriteStream(source));
      const info = await probe(this.config.ffprobePath, source);
      if (!info) throw new PermanentError('The file is not a video that can be played (no video stream found).');
      const outDir = path.join(work, 'out');
      const out = await transcode(this.config.ffmpegPath, source, outDir, info, this.options);
      for (const file of out.files) {
        const key = file === out.poster ? `${assetPrefix(row)}poster.jpg` : `${hlsPrefix}${file}`;
        await this.storage.put(key, await readFile(path.join(outDir, file)), CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
      }
      const ready = await this.repo.transition(row.id, ['processing'], {
        status: 'ready',
        renditions: out.renditions,
        master_key: `${hlsPrefix}${out.master}`,
        poster_key: `${assetPrefix(row)}poster.jpg`,
        duration_ms: info.durationMs,
        frame_rate: info.frameRate,
        error: null,
      });
      if (ready) {
        await this.repo.setExerciseDurations(row.id, info.durationMs);
        this.media.publish(ready);
      }
    } catch (error) {
      const final = error instanceof PermanentError || job.retryCount >= job.retryLimit;
      if (!final) throw error; // pg-boss retries it
      await this.storage.deletePrefix(hlsPrefix).catch(() => {});
      const reason = error instanceof PermanentError ? error.message : `Transcoding failed: ${describe(error)}`;
      const failed = await this.repo.transition(row.id, ['processing'], { status: 'failed', error: reason });
      if (failed) this.media.publish(failed);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof ProcessError) return `${error.message}: ${error.stderr.split('\n').slice(-2).join(' ')}`.slice(0, 500);
  return error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
}
