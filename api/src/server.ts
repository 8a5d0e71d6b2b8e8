import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createContainer } from './container.ts';
import { DataFolderBusyError } from './db/database.ts';
import { openDatabaseFromConfig } from './db/open-from-config.ts';
import { connectRedis } from './db/redis.ts';
import { seedDemoIfEmpty } from './demo/demo-seed.ts';
import { createLiveServer } from './live/live-server.ts';
import { createLogger } from './core/logger.ts';
import { loggable } from './http/problem.ts';

// Entry: config → database → app → live channel → listen. Nothing else lives here.
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabaseFromConfig(config);
  await db.migrate();
  const container = createContainer(config, db);
  const seeded = await seedDemoIfEmpty(container);
  // With REDIS_URL, rate-limit budgets hold across every API process.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, (e) => console.error('Redis:', e)) : undefined;
  const logger = createLogger(config.logLevel);
  const app = createApp(container, { redis, logger, onUnexpected: (error) => logger.error({ err: loggable(error) }, 'unexpected error') });
  const server = createServer(app);
  // With REDIS_URL, rooms span every API process; without it, this process alone.
  const live = await createLiveServer(server, container, { redisUrl: config.redisUrl });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  // Transcoding runs in the API process unless MEDIA_WORKER=0 (then another process runs it).
  if (config.media.worker) await container.media.jobs.start();
  // Email and webhook deliveries (email only when SMTP_URL is set).
  await container.outbound.start();
  // Grades go to LMS gradebooks from the job queue (retried through platform outages).
  await container.grades.passback.start();

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
    await live.close();
    server.closeAllConnections();
    await container.media.jobs.stop();
    await container.outbound.stop();
    await container.grades.passback.stop();
    await redis?.quit();
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
    console.error(error);
  }
  process.exit(1);
});
