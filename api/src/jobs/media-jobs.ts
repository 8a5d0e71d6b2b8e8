import type { MediaConfig } from '../config.ts';
import { available } from '../media/ffmpeg.ts';
import { SWEEP_QUEUE, TRANSCODE_QUEUE, UNAVAILABLE, type MediaService } from '../media/media.service.ts';
import type { TranscodeWorker } from '../media/transcode.worker.ts';
import type { JobQueue, QueueSpec } from './job-queue.ts';

export interface MediaJobsOptions {
  /** Seconds after which an active transcode is taken for dead and retried (default 30 min). */
  expireInSeconds?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
}

/** The media queues: transcodes (retried when a worker dies) and the hourly sweep of abandoned uploads. */
export class MediaJobs {
  private starting: Promise<void> | undefined;
  private working = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly config: MediaConfig,
    private readonly media: MediaService,
    private readonly worker: TranscodeWorker,
    private readonly options: MediaJobsOptions = {},
  ) {
    media.enqueue = async (assetId) => {
      await this.ensureQueue();
      // One job per asset: a second "complete" or a re-enqueue does not transcode twice at once.
      await this.queue.send(TRANSCODE_QUEUE, { asset_id: assetId }, { singletonKey: assetId });
    };
  }

  private specs(): QueueSpec[] {
    return [
      {
        name: TRANSCODE_QUEUE,
        retryLimit: this.options.retryLimit ?? 3,
        retryDelaySeconds: this.options.retryDelaySeconds ?? 10,
        expireInSeconds: this.options.expireInSeconds ?? 30 * 60,
      },
      { name: SWEEP_QUEUE, retryLimit: 1, retryDelaySeconds: 60, expireInSeconds: 15 * 60 },
    ];
  }

  /** Starts the queue for sending only (an API process that does not transcode). */
  private ensureQueue(): Promise<void> {
    this.starting ??= this.queue.start(this.specs());
    return this.starting;
  }

  /** Starts the worker: checks ffmpeg once, then takes transcodes and runs the sweep. */
  async start(): Promise<void> {
    this.media.transcoding = (await available(this.config.ffmpegPath)) && (await available(this.config.ffprobePath));
    await this.ensureQueue();
    if (this.working) return;
    this.working = true;
    if (this.media.transcoding) {
      await this.queue.work<{ asset_id: string }>(TRANSCODE_QUEUE, (job) => this.worker.process(job));
    } else {
      console.warn(UNAVAILABLE);
    }
    await this.queue.work(SWEEP_QUEUE, async () => {
      await this.media.sweep();
    });
    await this.queue.schedule(SWEEP_QUEUE, '17 * * * *');
  }

  async stop(): Promise<void> {
    if (!this.starting) return;
    await this.starting.catch(() => {});
    this.starting = undefined;
    this.working = false;
    await this.queue.stop();
  }
}
