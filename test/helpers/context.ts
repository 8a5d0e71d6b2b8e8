import type { Express } from 'express';
import supertest from 'supertest';
import { createApp } from '../../api/src/app.ts';
import { loadConfig, type Config } from '../../api/src/config.ts';
import { createContainer, stopJobs, type Container } from '../../api/src/container.ts';
import type { GradesJobsOptions } from '../../api/src/grades/create-grades.ts';
import type { OutboundOptions } from '../../api/src/notifications/outbound.ts';
import type { PrivacyJobsOptions } from '../../api/src/privacy/create-privacy.ts';
import type { XapiJobsOptions } from '../../api/src/xapi/create-xapi.ts';
import type { RetentionJobsOptions } from '../../api/src/retention/create-retention.ts';
import { freshDatabase, type TestDatabase } from './database.ts';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    JWT_SECRET: TEST_SECRET,
    RATE_LIMIT_USER_MAX: '100000',
    RATE_LIMIT_IP_MAX: '100000',
    PUBLIC_URL: 'http://localhost:8080',
    ...overrides,
  });
}

export interface TestContext {
  db: TestDatabase;
  c: Container;
  app: Express;
  http: () => ReturnType<typeof supertest>;
  /** 500s the app met; a test that expects none can assert this stays empty. */
  unexpected: unknown[];
  close(): Promise<void>;
}

export async function createTestContext(overrides: Record<string, string> = {}, options: { outbound?: OutboundOptions; privacy?: PrivacyJobsOptions; xapi?: XapiJobsOptions; retention?: RetentionJobsOptions; grades?: GradesJobsOptions } = {}): Promise<TestContext> {
  const db = await freshDatabase();
  const c = createContainer(testConfig(overrides), db, () => {}, {}, options.outbound, options.privacy, options.xapi, options.retention, options.grades);
  const unexpected: unknown[] = [];
  const app = createApp(c, { onUnexpected: (e) => unexpected.push(e) });
  // Closing stops whatever queue a request started (a queued job starts pg-boss), then the database.
  return { db, c, app, http: () => supertest(app), unexpected, close: async () => { await stopJobs(c); await db.close(); } };
}
