import type { MediaConfig } from '../config.ts';
import type { JobQueue, QueueSpec } from '../jobs/job-queue.ts';
import { available } from './ffmpeg.ts';
import { SWEEP_QUEUE, TRANSCODE_QUEUE, UNAVAILABLE, type MediaService } from './media.service.ts';
import type { TranscodeWorker } from './transcode.worker.ts';

export interface MediaJobsOptions {
  /** Seconds after which an active transcode is taken for dead and retried (default 30 min). */
  expireInSeconds?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
}

/** The media queues' send side: built before the service, which is handed `enqueue`. */
export class MediaQueues {
  private starting: Promise<void> | undefined;

  constructor(
    readonly queue: JobQueue,
    private readonly options: MediaJobsOptions = {},
  ) {}

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

  /** Starts the queue (for sending only, in an API process that does not transcode). */
  ensure(): Promise<void> {
    this.starting ??= this.queue.start(this.specs());
    return this.starting;
  }

  readonly enqueue = async (assetId: string): Promise<void> => {
    await this.ensure();
    // One job per asset: a second "complete" or a re-enqueue does not transcode twice at once.
    await this.queue.send(TRANSCODE_QUEUE, { asset_id: assetId }, { singletonKey: assetId });
  };

  async stop(): Promise<void> {
    if (!this.starting) return;
    await this.starting.catch(() => {});
    this.starting = undefined;
    await this.queue.stop();
  }
}

/** The media workers: transcodes (retried when a worker dies) and the hourly sweep of abandoned uploads. */
export class MediaJobs {
  private working = false;

  constructor(
    private readonly queues: MediaQueues,
    private readonly config: MediaConfig,
    private readonly media: MediaService,
    private readonly worker: TranscodeWorker,
  ) {}

  /** Starts the worker: checks ffmpeg once, then takes transcodes and runs the sweep. */
  async start(): Promise<void> {
    this.media.transcoding = (await available(this.config.ffmpegPath)) && (await available(this.config.ffprobePath));
    await this.queues.ensure();
    if (this.working) return;
    this.working = true;
    if (this.media.transcoding) {
      await this.queues.queue.work<{ asset_id: string }>(TRANSCODE_QUEUE, (job) => this.worker.process(job));
    } else {
      console.warn(UNAVAILABLE);
    }
    await this.queues.queue.work(SWEEP_QUEUE, async () => {
      await this.media.sweep();
    });
    await this.queues.queue.schedule(SWEEP_QUEUE, '17 * * * *');
  }

  async stop(): Promise<void> {
    this.working = false;
    await this.queues.stop();
  }
}
