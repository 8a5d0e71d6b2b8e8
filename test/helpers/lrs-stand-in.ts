import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import * as xapiValidation from 'xapi-validation';

// Learning Locker's statement validator (conformance-tested as part of that LRS). A CommonJS
// module with an `exports.default`: under ESM its function sits one `default` deeper.
type Validate = (statement: unknown) => { path: string[]; constructor: { name: string } }[];
const validate: Validate = ((xapiValidation as unknown as { default: { default?: Validate } & Validate }).default.default ??
  (xapiValidation as unknown as { default: Validate }).default) as Validate;

export interface LrsStandIn {
  /** The xAPI endpoint to configure, ending in a slash. */
  endpoint: string;
  username: string;
  password: string;
  /** Every statement the LRS holds, by id, in the order it first stored them. */
  stored: Map<string, Record<string, unknown>>;
  /** How many times each statement id arrived in a valid request (stored, or refused as held). */
  arrivals: Map<string, number>;
  /** Each request's method, path and answer. */
  log: { method: string; path: string; status: number }[];
  /** The next `n` statement requests fail with `status` (an outage, say). */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

/**
 * A Learning Record Store on loopback, speaking xAPI 1.0.3's Statement Resource: Basic auth, the
 * version header, JSON bodies, POST (one or a batch) and PUT ?statementId=, GET by id. Every
 * statement is validated against the 1.0.3 statement requirements; a batch holding an invalid
 * statement or two with one id is 400, and one with an id it already holds 409, changing nothing
 * (Communication 2.1.2 allows 409 or 204 there; 409 is the harder case for a client).
 */
export async function startLrsStandIn(credentials = { username: 'lrs-key', password: 'lrs-secret' }): Promise<LrsStandIn> {
  const stored = new Map<string, Record<string, unknown>>();
  const arrivals = new Map<string, number>();
  const log: LrsStandIn['log'] = [];
  let failures: { left: number; status: number } = { left: 0, status: 503 };
  const expectedAuth = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;

  const answer = (req: IncomingMessage, res: ServerResponse, status: number, body?: unknown) => {
    log.push({ method: req.method!, path: req.url!, status });
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const withoutLrsFields = (s: Record<string, unknown>) => {
    const { stored: _s, authority: _a, version: _v, ...rest } = s;
    return rest;
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url!, 'http://lrs.local');
    if (req.headers.authorization !== expectedAuth) return answer(req, res, 401, { error: 'Bad credentials.' });
    if (!/^1\.0(\.\d+)?$/.test(String(req.headers['x-experience-api-version'] ?? ''))) return answer(req, res, 400, { error: 'X-Experience-API-Version 1.0.x is required.' });
    if (url.pathname !== '/xapi/statements') return answer(req, res, 404, { error: 'No such resource.' });

    if (req.method === 'GET') {
      const one = stored.get(url.searchParams.get('statementId') ?? '');
      if (url.searchParams.has('statementId')) return one ? answer(req, res, 200, one) : answer(req, res, 404, { error: 'No such statement.' });
      return answer(req, res, 200, { statements: [...stored.values()], more: '' });
    }
    if (req.method !== 'POST' && req.method !== 'PUT') return answer(req, res, 405, { error: 'Method not allowed.' });
    if (failures.left > 0) {
      failures.left--;
      return answer(req, res, failures.status, { error: 'Injected failure.' });
    }
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return answer(req, res, 400, { error: 'Content-Type must be application/json.' });
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(req, res, 400, { error: 'Not JSON.' });
    }
    const batch = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
    if (req.method === 'PUT') {
      const id = url.searchParams.get('statementId');
      if (!id || Array.isArray(body) || (batch[0]!.id !== undefined && batch[0]!.id !== id)) return answer(req, res, 400, { error: 'PUT takes one statement and its statementId.' });
      batch[0]!.id = id;
    }
    const problems = batch.flatMap((s, i) => validate(s).map((w) => `[${i}] ${w.path.join('.')}: ${w.constructor.name}`));
    if (problems.length) return answer(req, res, 400, { error: 'Invalid statement.', problems });
    const ids = batch.map((s) => s.id as string | undefined).filter((id): id is string => id !== undefined);
    if (new Set(ids).size !== ids.length) return answer(req, res, 400, { error: 'Two statements in one batch share an id.' });
    // Like ADL's reference LRS: an id it holds makes the whole request a 409, and changes nothing.
    const held = ids.filter((id) => stored.has(id));
    if (held.length) {
      for (const id of held) arrivals.set(id, (arrivals.get(id) ?? 0) + 1);
      const differs = held.filter((id) => !isDeepStrictEqual(withoutLrsFields(stored.get(id)!), batch.find((x) => x.id === id)));
      return answer(req, res, 409, { error: `Statements exist: ${held.join(', ')}`, differs });
    }
    const now = new Date().toISOString();
    const stamped = batch.map((s) => {
      const id = (s.id as string | undefined) ?? crypto.randomUUID();
      arrivals.set(id, (arrivals.get(id) ?? 0) + 1);
      if (!stored.has(id)) stored.set(id, { ...s, id, stored: now, authority: { objectType: 'Agent', account: { homePage: 'http://lrs.local', name: credentials.username } }, version: '1.0.3' });
      return id;
    });
    return req.method === 'PUT' ? answer(req, res, 204) : answer(req, res, 200, stamped);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/xapi/`,
    ...credentials,
    stored,
    arrivals,
    log,
    failNext(n, status = 503) {
      failures = { left: n, status };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
