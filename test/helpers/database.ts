import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { migrateLatest, openDatabase, type Database } from '../../api/src/db/database.ts';

/** The server under test when the suite runs against real PostgreSQL; unset means embedded. */
export const SERVER_URL = process.env.DATABASE_URL;
export const REDIS_URL = process.env.REDIS_URL;
export const NEEDS_SERVER = SERVER_URL ? false : 'needs a PostgreSQL server: runs in the DATABASE_URL pass of .ci/run';
export const NEEDS_SERVER_AND_REDIS =
  SERVER_URL && REDIS_URL ? false : 'needs PostgreSQL and Redis servers: runs in the DATABASE_URL + REDIS_URL pass of .ci/run';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDatabase extends Database {
  /** Connection string of this file's own database (server pass only). */
  readonly url: string | undefined;
}

/** A fresh, migrated database for one test file: in-memory PGlite, or a new database on the server. */
export async function freshDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (!SERVER_URL) {
    const db = await openDatabase({ dataDir: 'memory://' });
    if (migrate) await migrateLatest(db.knex);
    return { ...db, url: undefined };
  }
  const name = `et_test_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: SERVER_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = withDatabase(SERVER_URL, name);
  const db = await openDatabase({ url, dataDir: 'memory://', poolMax: 10 });
  if (migrate) await migrateLatest(db.knex);
  return {
    ...db,
    url,
    close: async () => {
      await db.close();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
