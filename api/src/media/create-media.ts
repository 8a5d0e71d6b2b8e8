import { createHmac } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { JobQueue, type JobQueueOptions } from '../jobs/job-queue.ts';
import type { LivePublisher } from '../live/publisher.ts';
import { createStorage } from '../storage/create-storage.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { MediaJobs, MediaQueues, type MediaJobsOptions } from './media-jobs.ts';
import { MediaRepository } from './media.repository.ts';
import { MediaService } from './media.service.ts';
import { PlaybackTokens } from './playback-token.ts';
import { PlaybackService, type ExerciseLookup } from './playback.service.ts';
import { TranscodeWorker } from './transcode.worker.ts';

export interface MediaOptions {
  queue?: JobQueueOptions;
  jobs?: MediaJobsOptions;
  /** x264 preset; tests and benchmarks may choose a faster one. */
  preset?: string;
}

/** The media domain wired once: storage, uploads, the transcode worker and its queue, playback. */
export function createMedia(config: Config, db: Database, live: LivePublisher, users: UsersRepository, exercises: ExerciseLookup, options: MediaOptions = {}) {
  const storage = createStorage(config);
  const repo = new MediaRepository(db);
  const queues = new MediaQueues(new JobQueue(db, options.queue), options.jobs);
  const service = new MediaService(db, config.media, storage, repo, users, live, queues.enqueue);
  const worker = new TranscodeWorker(config.media, storage, repo, service, { preset: options.preset });
  const jobs = new MediaJobs(queues, config.media, service, worker);
  const secret = createHmac('sha256', config.jwtSecret).update('playback-tokens').digest('base64url');
  const playback = new PlaybackService(exercises, repo, storage, new PlaybackTokens(secret), config.publicUrl, config.media.urlTtlSeconds);
  return { storage, service, worker, jobs, playback };
}

export type Media = ReturnType<typeof createMedia>;
