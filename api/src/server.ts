import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { prepareContainer, startJobs, stopJobs } from './container.ts';
import { keepServingOnUnhandledRejection } from './core/process-policy.ts';
import { DataFolderBusyError } from './db/database.ts';
import { openDatabaseFromConfig } from './db/open-from-config.ts';
import { connectRedis } from './db/redis.ts';
import { HttpLifecycle } from './http/lifecycle.ts';
import { logError, loggable } from './core/loggable.ts';
import { createLiveServer } from './live/live-server.ts';
import { createLogger } from './core/logger.ts';

// Entry: config → database → app → live channel → listen. Nothing else lives here.
async function main(): Promise<void> {
  keepServingOnUnhandledRejection((reason) => console.error('Unhandled rejection (still serving):', loggable(reason)));
  const config = loadConfig();
  const db = await openDatabaseFromConfig(config);
  const { container, seeded } = await prepareContainer(config, db);
  // With REDIS_URL, rate-limit budgets hold across every API process.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logError('Redis')) : undefined;
  const lifecycle = new HttpLifecycle();
  const logger = createLogger(config.logLevel);
  const app = createApp(container, { redis, lifecycle, logger, onUnexpected: (error) => logger.error({ err: loggable(error) }, 'unexpected error') });
  const server = createServer(app);
  lifecycle.attach(server, config.keepAliveTimeoutSeconds * 1000);
  // With REDIS_URL, rooms span every API process; without it, this process alone.
  const live = await createLiveServer(server, container, { redisUrl: config.redisUrl });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  await startJobs(container, config);

  const url = config.publicUrl;
  console.log(`Exercise Threads is running at ${url}  (database: ${db.kind === 'embedded' ? `embedded, ${config.database.dataDir}` : 'PostgreSQL'})`);
  console.log(`  demo:      ${url}/demo${config.demoMode ? '' : '  (DEMO_MODE is off: no demo tokens)'}`);
  console.log(`  API docs:  ${url}/api/docs`);
  if (seeded) {
    console.log(`  Seeded a demo tenant. Tenant id: ${seeded.tenantId}`);
    console.log(`                         API key (shown once): ${seeded.apiKey}`);
    const stop = db.kind === 'embedded' ? ' (stop the server first: the embedded database has one user)' : '';
    console.log(`  Another key later: npm run cli -- key:create --tenant ${seeded.tenantId}${stop}; list them with tenant:list.`);
  }

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    const boundMs = config.shutdownTimeoutSeconds * 1000;
    // Whatever still hangs at the bound, the process is gone by then.
    setTimeout(() => {
      console.error(`Shutdown took longer than SHUTDOWN_TIMEOUT_SECONDS (${config.shutdownTimeoutSeconds} s): exiting now.`);
      process.exit(1);
    }, boundMs).unref();
    // Stop accepting, let requests in flight finish (answered with Connection: close); keep a
    // second of the bound for the job worker, Redis and the database.
    const drained = lifecycle.drain(Date.now() + Math.max(boundMs - 1_000, boundMs / 2));
    await live.close();
    await drained;
    // Each worker finishes its current job (pg-boss hands an overrunning one to another process).
    await stopJobs(container);
    await redis?.quit().catch(() => {});
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataFolderBusyError) {
    console.error(error.message);
  } else {
    console.error('Could not start:', loggable(error));
  }
  process.exit(1);
});
