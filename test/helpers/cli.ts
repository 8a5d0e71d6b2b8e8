import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import supertest from 'supertest';
import { createApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { createContainer } from '../../api/src/container.ts';
import { migrateLatest, openDatabase } from '../../api/src/db/database.ts';
import { seedDemoIfEmpty } from '../../api/src/demo/demo-seed.ts';

/** A bare environment: the CLI sees only what a test passes (no DATABASE_URL of the suite's pass). */
export const cliEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

/** Runs the CLI as an admin does: a process of its own, on the data folder `dataDir`. */
export function runCli(dataDir: string, args: string[], extraEnv: Record<string, string> = {}) {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'api/src/cli.ts', ...args], { env: { ...cliEnv, DATA_DIR: dataDir, ...extraEnv }, cwd: process.cwd() });
}

/** The embedded database in `dir`, seeded like a first `npm start`, held only while `use` runs. */
export async function withSeededFolder<T>(dir: string, use: (app: ReturnType<typeof supertest>, seeded: { tenantId: string; apiKey: string } | undefined) => Promise<T>): Promise<T> {
  const db = await openDatabase({ dataDir: dir });
  try {
    await migrateLatest(db.knex);
    const c = createContainer(loadConfig({ ...cliEnv, DATA_DIR: dir }), db, () => {});
    return await use(supertest(createApp(c)), await seedDemoIfEmpty(c));
  } finally {
    await db.close();
  }
}
