import type { Server, ServerResponse } from 'node:http';
import { Router } from 'express';
import { ServiceUnavailableError } from '../errors/domain-errors.ts';

/** How long a readiness check waits for the database or Redis before calling it down. */
const CHECK_TIMEOUT_MS = 2_000;
/** What a load balancer is told while a process is not ready: come back after this many seconds. */
const NOT_READY_RETRY_AFTER_SECONDS = 5;

export interface ReadinessChecks {
  /** Answers when the database does. */
  database(): Promise<void>;
  /** Answers when Redis does; absent without REDIS_URL. */
  redis?: (() => Promise<unknown>) | undefined;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * A process's life as HTTP sees it: whether it is draining (shutting down), its health routes,
 * and the bounded drain itself. Created before the HTTP server (the app reads it), attached after.
 */
export class HttpLifecycle {
  private draining = false;
  private server: Server | undefined;
  private readonly active = new Set<ServerResponse>();

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * `/healthz` is liveness (the process answers; no I/O, so a database outage never gets a
   * healthy process restarted); `/readyz` is readiness (the database answers, Redis when
   * configured, and the process is not shutting down): the load balancer's check.
   */
  healthRoutes(checks: ReadinessChecks, databaseKind: string): Router {
    const router = Router();
    router.get('/healthz', (_req, res) => {
      res.json({ status: 'ok', database: databaseKind });
    });
    router.get('/readyz', async (_req, res) => {
      const probes: [string, Promise<unknown>][] = [['database', checks.database()]];
      if (checks.redis) probes.push(['redis', checks.redis()]);
      const results = await Promise.allSettled(probes.map(([name, p]) => within(p, CHECK_TIMEOUT_MS, name)));
      const status = Object.fromEntries(probes.map(([name], i) => [name, results[i]!.status === 'fulfilled' ? 'ok' : 'unavailable']));
      const down = Object.entries(status).filter(([, s]) => s !== 'ok').map(([name]) => name);
      if (this.draining) down.unshift('shutting down');
      if (down.length > 0) throw new ServiceUnavailableError(`Not ready: ${down.join(', ')}.`, NOT_READY_RETRY_AFTER_SECONDS);
      res.json({ status: 'ready', checks: status });
    });
    return router;
  }

  /**
   * Keep-alive outlives a load balancer's idle timeout (else the balancer may send a request on a
   * connection this process is closing); every response while draining says `Connection: close`.
   */
  attach(server: Server, keepAliveTimeoutMs: number): void {
    this.server = server;
    server.keepAliveTimeout = keepAliveTimeoutMs;
    // Node requires the header timeout to be the longer one.
    server.headersTimeout = keepAliveTimeoutMs + 5_000;
    server.on('request', (_req, res: ServerResponse) => {
      if (this.draining) res.setHeader('Connection', 'close');
      this.active.add(res);
      res.once('close', () => {
        this.active.delete(res);
        // The connection this response leaves idle is closed at once rather than at its timeout.
        if (this.draining) setImmediate(() => server.closeIdleConnections());
      });
    });
  }

  /**
   * Stops accepting, lets the requests in flight finish (their responses say `Connection: close`),
   * and closes what is still open at `deadline` (epoch ms). Resolves true when everything finished in time.
   */
  async drain(deadline: number): Promise<boolean> {
    this.draining = true;
    const server = this.server;
    if (!server) return true;
    for (const res of this.active) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))));
    const inTime = await Promise.race([closed, late]);
    clearTimeout(timer);
    if (!inTime) server.closeAllConnections();
    return inTime;
  }
}
