import type { Database } from '../db/database.ts';
import { JobQueue, type JobQueueOptions } from '../jobs/job-queue.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { AgsClient } from '../lti/ags-client.ts';
import type { ThreadsService } from '../threads/threads.service.ts';
import { GradePassback, type GradePassbackOptions } from './grade-passback.ts';
import { GradesRepository } from './grades.repository.ts';
import { GradesService } from './grades.service.ts';

/**
 * The grades domain wired once: the service, the passback to LMS gradebooks in its own queue, and
 * the listener that turns a learner's first comment into a submission.
 */
/** The grade passback queue's timings (tests shorten them). */
export interface GradesJobsOptions {
  queue?: JobQueueOptions;
  passback?: GradePassbackOptions;
}

export function createGrades(db: Database, threads: ThreadsService, ags: AgsClient, live: LivePublisher, options: GradesJobsOptions = {}) {
  const repo = new GradesRepository(db);
  const passback = new GradePassback(new JobQueue(db, options.queue), repo, ags, live, options.passback);
  const service = new GradesService(threads, repo, passback, live);
  // A learner's first comment in their thread is a submission (AGS activityProgress: Submitted).
  live.onCommitted(async (c) => {
    if (c.kind === 'comment' && c.event === 'comment:created' && c.comment.author?.role === 'learner') await service.submitted(c.comment.thread_id, c.comment.author.id);
  });
  return { repo, passback, service };
}
