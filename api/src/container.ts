import { AttemptsRepository } from './attempts/attempts.repository.ts';
import { AttemptsService } from './attempts/attempts.service.ts';
import { AuditRepository } from './audit/audit.repository.ts';
import { AuditService } from './audit/audit.service.ts';
import { AuthService } from './auth/auth.service.ts';
import { TokenService } from './auth/tokens.ts';
import { CommentsRepository } from './comments/comments.repository.ts';
import { CommentsService } from './comments/comments.service.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { ExercisesRepository } from './exercises/exercises.repository.ts';
import { ExercisesService } from './exercises/exercises.service.ts';
import { MarkersService, SnippetsService } from './feedback/feedback.service.ts';
import { MarkersRepository } from './feedback/markers.repository.ts';
import { SnippetsRepository } from './feedback/snippets.repository.ts';
import { InboxRepository } from './inbox/inbox.repository.ts';
import { inboxLive } from './inbox/inbox-live.ts';
import { InboxService } from './inbox/inbox.service.ts';
import { ExportsRepository } from './exports/exports.repository.ts';
import { ExportsService } from './exports/exports.service.ts';
import { Metrics } from './core/metrics.ts';
import { createGrades, type GradesJobsOptions } from './grades/create-grades.ts';
import { LivePublisher } from './live/publisher.ts';
import { createMedia, type MediaOptions } from './media/create-media.ts';
import { createLti } from './lti/create-lti.ts';
import { createOutbound, type OutboundOptions } from './notifications/outbound.ts';
import { createPrivacy, type PrivacyJobsOptions } from './privacy/create-privacy.ts';
import { createXapi, type XapiJobsOptions } from './xapi/create-xapi.ts';
import { createRetention, type RetentionJobsOptions } from './retention/create-retention.ts';
import { ModerationRepository } from './moderation/moderation.repository.ts';
import { ModerationService } from './moderation/moderation.service.ts';
import { TenantsRepository } from './tenants/tenants.repository.ts';
import { TenantsService } from './tenants/tenants.service.ts';
import { ThreadsRepository } from './threads/threads.repository.ts';
import { ThreadsService } from './threads/threads.service.ts';
import { UsersRepository } from './users/users.repository.ts';
import { UsersService } from './users/users.service.ts';
import { createYouTube } from './youtube/create-youtube.ts';
import { seedDemoIfEmpty } from './demo/demo-seed.ts';
import { logError } from './core/loggable.ts';

/** Every repository and service, built once per app and shared by REST, the live channel and the CLI. */
export function createContainer(
  config: Config,
  db: Database,
  onError: (error: unknown) => void = logError('Background error'),
  mediaOptions: MediaOptions = {},
  outboundOptions: OutboundOptions = {},
  privacyOptions: PrivacyJobsOptions = {},
  xapiOptions: XapiJobsOptions = {},
  retentionOptions: RetentionJobsOptions = {},
  gradesOptions: GradesJobsOptions = {},
) {
  const metrics = new Metrics(true);
  const tokens = new TokenService(config.jwtSecret);
  const tenantsRepo = new TenantsRepository(db);
  const usersRepo = new UsersRepository(db);
  const audit = new AuditService(new AuditRepository(db), metrics, onError);
  const exercisesRepo = new ExercisesRepository(db);
  const commentsRepo = new CommentsRepository(db);
  const live = new LivePublisher(onError);
  const threadsRepo = new ThreadsRepository(db);
  const threads = new ThreadsService(threadsRepo, exercisesRepo, audit, metrics);
  const outbound = createOutbound(config, db, live, threadsRepo, outboundOptions);
  const youtube = createYouTube(config, onError);
  const exercises = new ExercisesService(db, exercisesRepo, usersRepo, audit, live, youtube);
  const lti = createLti(config, db, usersRepo, tokens, () => exercises, onError, audit);
  const auth = new AuthService(tokens, tenantsRepo, usersRepo);
  const media = createMedia(config, db, live, usersRepo, exercises, mediaOptions);
  const privacy = createPrivacy(db, media.storage, audit, (tenantId, userId) => {
    auth.forgetUser(tenantId, userId);
    live.disconnectUser(userId);
  }, live, privacyOptions);
  const markers = new MarkersService(new MarkersRepository(db), exercisesRepo, audit);
  const attempts = new AttemptsService(db, new AttemptsRepository(db), threads, media.service, media.playback, live, audit, onError);
  const inbox = new InboxService(new InboxRepository(db), threadsRepo, audit, live);
  live.onCommitted(inboxLive(inbox, live));
  const grades = createGrades(db, threads, lti.ags, live, gradesOptions);
  // A learner's first attempt, like their first comment, tells the gradebook "Submitted" (once per thread).
  attempts.onSubmitted((e) => grades.service.submitted(e.threadId, e.learnerId));
  const xapi = createXapi(config, db, live, xapiOptions);
  return {
    config,
    db,
    metrics,
    tokens,
    audit,
    live,
    auth,
    tenants: new TenantsService(db, tenantsRepo, { serverSecret: config.jwtSecret, allowPrivateUrls: config.webhooks.allowPrivateUrls, lrsChanged: (id) => xapi.service.lrsChanged(id) }),
    users: new UsersService(usersRepo, tokens, config.tokenTtlSeconds),
    exercises,
    youtube,
    lti,
    threads,
    grades,
    exports: new ExportsService(new ExportsRepository(db), threads, audit, config.publicUrl),
    attempts,
    comments: new CommentsService(commentsRepo, threads, live, audit, metrics, markers, attempts),
    inbox,
    snippets: new SnippetsService(new SnippetsRepository(db), exercisesRepo, audit),
    markers,
    moderation: new ModerationService(db, new ModerationRepository(db), commentsRepo, live, audit),
    media,
    privacy,
    xapi,
    retention: createRetention(config, db, media.storage, audit, outbound.mailer, live, retentionOptions),
    notifications: outbound.notifications,
    webhooks: outbound.webhooks,
    outbound,
    repositories: { tenants: tenantsRepo, users: usersRepo, exercises: exercisesRepo },
  };
}

export type Container = ReturnType<typeof createContainer>;

/**
 * A process's start on its database: migrate, build the container, seed the demo once. Processes
 * started together take turns (`Database.exclusively`): one migrates and seeds, the others find it done.
 */
export function prepareContainer(config: Config, db: Database): Promise<{ container: Container; seeded: Awaited<ReturnType<typeof seedDemoIfEmpty>> }> {
  return db.exclusively(async () => {
    await db.migrate();
    const container = createContainer(config, db);
    return { container, seeded: await seedDemoIfEmpty(container) };
  });
}

/** Starts the background work a server process runs: each domain's job queue and workers. */
export async function startJobs(c: Container, config: Config): Promise<void> {
  // Transcoding runs in the API process unless MEDIA_WORKER=0 (then another process runs it).
  if (config.media.worker) await c.media.jobs.start();
  // Email and webhook deliveries (email only when SMTP_URL is set).
  await c.outbound.start();
  // Grades go to LMS gradebooks from the job queue (retried through platform outages).
  await c.grades.passback.start();
  // A user's data exports and erasures run in the background.
  await c.privacy.start();
  // Learning records go to the tenant's LRS from the job queue (only tenants that configured one).
  await c.xapi.start();
  // The retention policy's daily run: warn authors, then delete what expired.
  await c.retention.start();
}

/** Stops every job queue a request may have started (each worker finishes its current job first). */
export async function stopJobs(c: Container): Promise<void> {
  await Promise.allSettled([c.media.jobs.stop(), c.outbound.stop(), c.grades.passback.stop(), c.privacy.stop(), c.xapi.stop(), c.retention.stop()]);
}
