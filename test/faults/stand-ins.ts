import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NEEDS_SERVER_AND_REDIS } from '../helpers/database.ts';
import { freePort } from '../live/api-process.ts';

// A PostgreSQL cluster and a Redis of the fault suite's own, on free ports, so it can stop them
// (the shared servers on 5432 and 6379 stay untouched).

const PG_BIN = '/usr/lib/postgresql/15/bin';
const HAS_BINARIES = existsSync(path.join(PG_BIN, 'initdb')) && spawnSync('redis-server', ['--version']).status === 0;

/** Why the fault suite is skipped in this run, or false. */
export const FAULTS_SKIP =
  NEEDS_SERVER_AND_REDIS || (HAS_BINARIES ? false : `needs PostgreSQL 15's binaries in ${PG_BIN} and redis-server (Debian packages postgresql-15, redis-server)`);

/** initdb and pg_ctl refuse to run as root: as root, they run as the postgres user. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function run(command: string, args: string[]): void {
  const [cmd, argv] = asPostgres(command, args);
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

export interface PostgresStandIn {
  url: string;
  /** `pg_ctl stop -m immediate`: every backend dies at once, as in a crash. */
  crash(): void;
  start(): void;
  close(): void;
}

export async function startPostgres(): Promise<PostgresStandIn> {
  const dir = mkdtempSync(path.join(tmpdir(), 'et-faults-pg-'));
  if (process.getuid?.() === 0) {
    const pg = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(pg.stdout.trim()), -1);
  }
  chmodSync(dir, 0o700);
  const data = path.join(dir, 'data');
  const port = await freePort();
  run(path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const pgCtl = path.join(PG_BIN, 'pg_ctl');
  // fsync off: the suite tests the application's behaviour, not the disk's.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => run(pgCtl, ['-D', data, '-o', options, '-w', '-t', '30', '-l', path.join(dir, 'log'), 'start']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    crash: () => run(pgCtl, ['-D', data, '-m', 'immediate', 'stop']),
    start,
    close() {
      spawnSync(...asPostgres(pgCtl, ['-D', data, '-m', 'immediate', 'stop']));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisStandIn {
  url: string;
  /** SIGKILL: no goodbye to its clients. */
  kill(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startRedis(): Promise<RedisStandIn> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const proc = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/Ready to accept connections/.test(out)) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
    });
  };
  const kill = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, kill, start, close: kill };
}
