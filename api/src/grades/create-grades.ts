import type { Database } from '../db/database.ts';
import { JobQueue, type JobQueueOptions } from '../jobs/job-queue.ts';
import type { LivePublisher } from '../live/publisher.ts';
import type { AgsClient } from '../lti/ags-client.ts';
import type { ThreadsService } from '../threads/threads.service.ts';
import { GradePassback, type GradePassbackOptions } from './grade-passback.ts';
import { GradesRepository } from './grades.repository.ts';
import { GradesService } from './grades.service.ts';

/** The grades domain wired once: the service, and the passback to LMS gradebooks in its own queue. */
export function createGrades(db: Database, threads: ThreadsService, ags: AgsClient, live: LivePublisher, options: { queue?: JobQueueOptions; passback?: GradePassbackOptions } = {}) {
  const repo = new GradesRepository(db);
  const passback = new GradePassback(new JobQueue(db, options.queue), repo, ags, live, options.passback);
  return { repo, passback, service: new GradesService(threads, repo, passback, live) };
}
