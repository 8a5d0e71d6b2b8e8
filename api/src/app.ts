import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import type { RedisClientType } from 'redis';
import { attemptsRoutes } from './attempts/attempts.routes.ts';
import { tokensRoutes } from './auth/tokens.routes.ts';
import { commentsRoutes } from './comments/comments.routes.ts';
import type { Container } from './container.ts';
import { demoRouter, favicon } from './demo/demo.routes.ts';
import { exercisesRoutes } from './exercises/exercises.routes.ts';
import { feedbackRoutes } from './feedback/feedback.routes.ts';
import { inboxRoutes } from './inbox/inbox.routes.ts';
import { exportsRoutes } from './exports/exports.routes.ts';
import { apiDocsRouter } from './http/api-docs.ts';
import { authenticate } from './http/authenticate.ts';
import { cachedOrigins, corsForTenant, corsPreflight } from './http/cors.ts';
import { NotFoundError, UnauthorizedError, type DomainError } from './errors/domain-errors.ts';
import { buildOpenApi } from './http/openapi.ts';
import { HttpLifecycle } from './http/lifecycle.ts';
import { loggable } from './core/loggable.ts';
import { notFoundHandler, problemHandler } from './http/problem.ts';
import { rateLimits } from './http/rate-limit.ts';
import { requestLog } from './http/request-log.ts';
import { requestTiming } from './http/request-timing.ts';
import type { Logger } from './core/logger.ts';
import { ltiRouter } from './lti/lti.routes.ts';
import { mediaRoutes, playbackRoutes } from './media/media.routes.ts';
import { LocalStorage, LOCAL_STORAGE_PATH } from './storage/local-storage.ts';
import { localStorageRouter } from './storage/local-storage.routes.ts';
import { mountRoutes, type AnyRoute } from './http/route.ts';
import { apiHeaders } from './http/security-headers.ts';
import { widgetAssets } from './http/widget-assets.ts';
import { moderationRoutes } from './moderation/moderation.routes.ts';
import { notificationsRoutes } from './notifications/notifications.routes.ts';
import { privacyRoutes } from './privacy/privacy.routes.ts';
import { xapiRoutes } from './xapi/xapi.routes.ts';
import { retentionRoutes } from './retention/retention.routes.ts';
import { tenantsRoutes } from './tenants/tenants.routes.ts';
import { threadsRoutes } from './threads/threads.routes.ts';
import { webhooksRoutes } from './webhooks/webhooks.routes.ts';
import { gradesRoutes } from './grades/grades.routes.ts';
import { rosterRoutes } from './lti/roster.routes.ts';

export interface AppOptions {
  redis?: RedisClientType | undefined;
  /** Whether the process is draining, for `/readyz` (server.ts attaches it to the HTTP server). */
  lifecycle?: HttpLifecycle;
  /** Unexpected errors (500s) go here; tests collect them. */
  onUnexpected?: (error: unknown) => void;
  /** A JSON line per request goes here (with its id, never a credential). */
  logger?: Logger | undefined;
}

/** Every REST route, in the order a reader of the API would want them. */
export function apiRoutes(c: Container): AnyRoute[] {
  return [
    ...tokensRoutes(c.users, { defaultSeconds: c.config.tokenTtlSeconds, maxSeconds: c.config.tokenMaxTtlSeconds }),
    ...tenantsRoutes(c.tenants),
    ...exercisesRoutes(c.exercises),
    ...threadsRoutes(c.threads),
    ...gradesRoutes(c.grades.service),
    ...rosterRoutes(c.lti.roster),
    ...exportsRoutes(c.exports),
    ...attemptsRoutes(c.attempts, c.config.media),
    ...commentsRoutes(c.comments),
    ...moderationRoutes(c.moderation),
    ...inboxRoutes(c.inbox),
    ...feedbackRoutes(c.snippets, c.markers),
    ...playbackRoutes(c.media.playback),
    ...mediaRoutes(c.media.service, c.media.playback, c.config.media),
    ...notificationsRoutes(c.notifications),
    ...webhooksRoutes(c.webhooks),
    ...privacyRoutes(c.privacy.service),
    ...xapiRoutes(c.xapi.service),
    ...retentionRoutes(c.retention.service),
  ];
}

/**
 * The two routes nearly every request takes, mounted first: Express tries each route's path in
 * turn on every request. No other route matches their method and path, so the order is otherwise free.
 */
const HOT_ROUTES = new Set(['post /comments', 'get /threads/:id/comments']);
function hotFirst(routes: AnyRoute[]): AnyRoute[] {
  const hot = (r: AnyRoute) => HOT_ROUTES.has(`${r.method} ${r.path}`);
  return [...routes.filter(hot), ...routes.filter((r) => !hot(r))];
}

/** Without METRICS_TOKEN there are no metrics to see (404); with it, the token is required. */
function metricsGuard(token: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (!token) throw new NotFoundError('route');
    const given = Buffer.from(/^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1] ?? '');
    const want = Buffer.from(token);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new UnauthorizedError('The metrics token is required.');
    next();
  };
}

export function createApp(c: Container, options: AppOptions = {}): Express {
  const { config, metrics } = c;
  const app = express();
  app.disable('x-powered-by');
  // Hashing every JSON answer for an ETag costs more than the rare revalidation it saves.
  app.set('etag', false);
  app.set('query parser', 'simple');
  // Below `info` there are no request lines, and no per-request logging work either.
  if (options.logger?.isLevelEnabled('info')) app.use(requestLog(options.logger));
  // Every route family, the health checks, scripts, keys, storage and metrics included.
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(requestTiming(metrics));

  const redis = options.redis;
  app.use((options.lifecycle ?? new HttpLifecycle()).healthRoutes({ database: () => c.db.ping(), redis: redis && (() => redis.ping()) }, c.db.kind));

  const origins = cachedOrigins({ allOrigins: () => c.tenants.allOrigins(), tenant: (id) => c.tenants.get(id) });
  const routes = apiRoutes(c);
  const openapi = buildOpenApi(routes, { version: '1.0.0', serverUrl: `${config.publicUrl}/api/v1` });

  const api = express.Router();
  api.use(apiHeaders(), corsPreflight(origins));
  api.use(rateLimits({ ...config.rateLimit, redis: options.redis }));
  api.use(express.json({ limit: config.bodyLimitBytes, type: 'application/json' }));
  api.get('/openapi.json', (_req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.json(openapi);
  });
  mountRoutes(api, hotFirst(routes), (spec) => (spec.auth === 'none' ? [] : [authenticate(c.auth, spec.auth, corsForTenant(origins))]));
  app.use('/api/v1', api);
  // The embedded storage answers its own signed URLs (S3 answers them itself).
  if (c.media.storage instanceof LocalStorage) app.use(LOCAL_STORAGE_PATH, localStorageRouter(c.media.storage, config.media.partBytes + 1024));
  app.use('/api/docs', apiDocsRouter());

  app.get('/metrics', metricsGuard(config.metricsToken), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use('/widget', widgetAssets());
  app.use('/demo', demoRouter(c));
  app.get(['/favicon.ico', '/favicon.svg'], favicon);
  app.use('/lti', ltiRouter(c.lti.service, c.lti.toolKeys, { apiBase: config.publicUrl, widgetSrc: '/widget/exercise-thread.js' }));

  app.use(notFoundHandler);
  app.use(
    problemHandler(options.onUnexpected ?? ((error) => console.error('Unexpected error:', loggable(error))), (error: DomainError, _req, res) => {
      if ([400, 413, 415, 422].includes(error.status)) metrics.validationFailures.inc();
      if (error.errors?.some((e) => /^t_(start|end)$/.test(e.field))) metrics.timecodeValidationFailures.inc();
      if (error.status === 403 || error.status === 422) {
        c.audit.record(res.locals.principal, 'request', error.status === 403 ? 'denied' : 'invalid', _req.originalUrl.split('?')[0] ?? null, {
          method: _req.method,
          status: error.status,
        });
      }
    }),
  );
  return app;
}
