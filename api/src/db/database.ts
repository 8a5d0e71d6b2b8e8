import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import ClientPg from 'knex/lib/dialects/postgres/index.js';
import lockfile from 'proper-lockfile';
import { unavailableOr } from './unavailable.ts';

interface PgConnection {
  query(text: string, values: unknown[]): Promise<unknown>;
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** Folder of the embedded database; 'memory://' keeps it in memory (tests). */
  dataDir: string;
  poolMax?: number;
}

export interface Database {
  readonly knex: Knex;
  readonly kind: 'embedded' | 'server';
  /** The embedded engine, when there is one (the job queue shares its single connection). */
  readonly pglite: PGlite | undefined;
  /** Answers when the database does (the health check). */
  ping(): Promise<void>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
  /** Brings the schema up to the newest migration. */
  migrate(): Promise<void>;
  /**
   * Runs `fn` while no other process of this database runs its own: API processes starting
   * together migrate, seed and set up the job queue one at a time (a PostgreSQL advisory lock;
   * the embedded engine has one process anyway).
   */
  exclusively<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The advisory lock key of start-up work (any constant the application owns). */
const STARTUP_LOCK = 7_241_226_318;

export class DataFolderBusyError extends Error {
  constructor(dir: string) {
    super(
      `The embedded database in ${dir} is in use by another process (is the server running?). ` +
        'Stop it first, or do this through the API.',
    );
  }
}

/**
 * A Knex client whose failures to reach the database surface as ServiceUnavailableError (503 with
 * Retry-After), in one place for every repository: acquiring a connection, and any query on one.
 * Transactions build their client from this prototype, so they are covered too.
 */
function mapsUnavailable(Base: typeof knexFactory.Client): typeof knexFactory.Client {
  return class extends Base {
    override async acquireConnection(): Promise<unknown> {
      try {
        return await super.acquireConnection();
      } catch (error) {
        throw unavailableOr(error);
      }
    }

    override query(connection: unknown, obj: unknown): Promise<unknown> {
      return (super.query(connection, obj) as Promise<unknown>).catch((error: unknown) => {
        throw unavailableOr(error);
      });
    }
  };
}

/** The PostgreSQL server's client; its pooled connections also run prepared statements directly (db/statement.ts). */
export class ServerClient extends mapsUnavailable(ClientPg) {}
const EmbeddedClient = mapsUnavailable(ClientPgLite as unknown as typeof knexFactory.Client);

/** Knex settings shared by both engines: migrations are TypeScript files loaded through tsx. */
export function knexConfig(options: DatabaseOptions): Knex.Config {
  const migrations: Knex.MigratorConfig = {
    directory: MIGRATIONS_DIR,
    loadExtensions: ['.ts'],
    tableName: 'knex_migrations',
  };
  if (options.url) {
    return {
      client: ServerClient,
      // A server that does not answer at all is given up on (a 503) rather than waited for.
      connection: { connectionString: options.url, connectionTimeoutMillis: 5_000 },
      pool: { min: 0, max: options.poolMax ?? 10 },
      acquireConnectionTimeout: 10_000,
      migrations,
    };
  }
  return {
    client: EmbeddedClient,
    dialect: 'postgres',
    connection: { filename: path.join(options.dataDir, 'pg') } as Knex.StaticConnectionConfig,
    migrations,
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const knex = knexFactory(knexConfig(options));
    const exclusively = async <T>(fn: () => Promise<T>): Promise<T> => {
      // Session-level: the lock lives on one pooled connection held for the whole of `fn`.
      const client = knex.client as { acquireConnection(): Promise<PgConnection>; releaseConnection(c: PgConnection): Promise<void> };
      const connection = await client.acquireConnection();
      try {
        await connection.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
        try {
          return await fn();
        } finally {
          await connection.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]);
        }
      } finally {
        await client.releaseConnection(connection);
      }
    };
    return { knex, kind: 'server', pglite: undefined, ...common(knex), exclusively, close: () => knex.destroy() };
  }

  const inMemory = options.dataDir.startsWith('memory://');
  let release: (() => Promise<void>) | undefined;
  if (!inMemory) {
    mkdirSync(options.dataDir, { recursive: true });
    // PGlite has one writer; a second process on the same folder would corrupt it.
    try {
      release = await lockfile.lock(options.dataDir, {
        lockfilePath: path.join(options.dataDir, 'embedded.lock'),
        stale: 15_000,
        update: 5_000,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataFolderBusyError(options.dataDir);
      throw error;
    }
  }
  const pglite = new PGlite(inMemory ? undefined : path.join(options.dataDir, 'pg'));
  await pglite.waitReady;
  const config = knexConfig(options);
  const knex = knexFactory({ ...config, connection: { pglite } as unknown as Knex.StaticConnectionConfig });
  return {
    knex,
    kind: 'embedded',
    pglite,
    ...common(knex),
    exclusively: (fn) => fn(),
    close: async () => {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
      await release?.();
    },
  };
}

function common(knex: Knex): Pick<Database, 'ping' | 'transaction' | 'migrate'> {
  return {
    ping: async () => void (await knex.raw('select 1')),
    transaction: (fn) => knex.transaction(fn),
    migrate: () => migrateLatest(knex),
  };
}

export async function migrateLatest(knex: Knex): Promise<void> {
  await knex.migrate.latest();
}
