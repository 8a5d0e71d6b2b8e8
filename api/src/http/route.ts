import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { ApiKeyPrincipal, Principal, UserPrincipal } from '../auth/principal.ts';
import type { OperationDoc } from '../contract/common.ts';
import { parse } from '../core/parse.ts';
import { MethodNotAllowedError, NotFoundError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '../errors/domain-errors.ts';
import { sendJson } from './send-json.ts';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
/** Who may call: a user token, the tenant API key, either, or nobody in particular. */
export type Auth = 'user' | 'api_key' | 'either' | 'none';

type AnyObject = z.ZodObject<z.ZodRawShape>;
type NoFields = z.ZodObject<Record<string, never>>;

/** The caller a route's `auth` guarantees (authenticate() has refused every other kind). */
export type PrincipalFor<A extends Auth> = A extends 'user' ? UserPrincipal : A extends 'api_key' ? ApiKeyPrincipal : A extends 'either' ? Principal : undefined;

/** All a handler learns of the request: validated input, the caller, the raw headers. */
export interface HandlerInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, A extends Auth> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  principal: PrincipalFor<A>;
  headers: IncomingHttpHeaders;
}

/** An answer other than the route's usual status with a JSON body: another status, headers, or text. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export const reply = (status: number, body?: unknown, headers?: Record<string, string>) => new Reply(status, body, headers);

/** A body written as it is made (a download): text chunks, sent without being gathered first. */
export class Streamed {
  constructor(readonly chunks: AsyncIterable<string>) {}
}

/** 200 with a streamed body. */
export const streamed = (chunks: AsyncIterable<string>, headers: Record<string, string>) => new Reply(200, new Streamed(chunks), headers);
/** 201 with the new resource and where it lives. */
export const created = (body: { id: string }, collection: string) => new Reply(201, body, { Location: `/api/v1/${collection}/${body.id}` });

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, A extends Auth> {
  method: Method;
  path: string;
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Summary, tag, responses and headers read: they live with the contract. */
  doc: OperationDoc;
  /** Headers on every answer of this route, refusals included (set before the handler runs). */
  responseHeaders?: Record<string, string>;
  /** Returns the body of the route's first 2xx response (nothing for a 204), or a Reply. */
  handler: (input: HandlerInput<P, Q, B, A>) => unknown;
}

export type AnyRoute = RouteSpec<AnyObject, AnyObject, z.ZodType, Auth>;

/** Declares a route: the types of its handler's input follow from its schemas and its `auth`. */
export function route<A extends Auth, P extends AnyObject = NoFields, Q extends AnyObject = NoFields, B extends z.ZodType = z.ZodUndefined>(
  spec: RouteSpec<P, Q, B, A>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** Writes the answer; only a stream returns a promise (JSON, the usual answer, is written at once). */
function send(res: Response, status: number, body: unknown, headers?: Record<string, string>): Promise<void> | void {
  if (body instanceof Streamed) {
    res.writeHead(status, headers);
    // Back-pressure: a slow client slows the reading; a failure midway cuts the download short
    // (the status is sent by then), which the client sees as an incomplete file.
    return pipeline(Readable.from(body.chunks), res).catch((error: unknown) => void res.destroy(error as Error));
  }
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
  } else if (typeof body === 'string') {
    res.status(status).set(headers).send(body);
  } else {
    sendJson(res, status, body, headers);
  }
}

/**
 * Mounts declared routes on `router` (itself, not a nested router: each level of routers costs on
 * every request); validation happens here, before any handler runs, and `req`/`res` stop here.
 */
export function mountRoutes(router: Router, routes: AnyRoute[], before: (spec: AnyRoute) => RequestHandler[] = () => []): Router {
  for (const spec of routes) {
    const usual = Math.min(...Object.keys(spec.doc.responses).map(Number).filter((s) => s >= 200 && s < 300));
    const always = spec.responseHeaders && Object.entries(spec.responseHeaders);
    router[spec.method](spec.path, ...before(spec), async (req: Request, res: Response) => {
      if (always) for (const [name, value] of always) res.setHeader(name, value);
      let params: unknown = {};
      if (spec.params) {
        const result = spec.params.safeParse(req.params);
        // A malformed id names nothing the caller can see.
        if (!result.success) throw new NotFoundError();
        params = result.data;
      }
      const query = spec.query ? parse(spec.query, { ...req.query }, 'query') : {};
      let body: unknown;
      if (spec.body) {
        // express.json parses application/json only: a body it left alone is another type.
        if (hasBody(req) && req.body === undefined) throw new UnsupportedMediaTypeError();
        body = parse(spec.body, req.body, 'body');
      } else if (hasBody(req) && req.body !== undefined && Object.keys(req.body ?? {}).length > 0) {
        throw new ValidationError([{ field: '(body)', message: 'This endpoint takes no body.' }]);
      }
      const principal = res.locals.principal;
      if (spec.auth !== 'none' && !principal) throw new UnauthorizedError();
      const out = await spec.handler({ params, query, body, principal, headers: req.headers } as never);
      return out instanceof Reply ? send(res, out.status, out.body, out.headers) : send(res, usual, out);
    });
  }
  // A known path asked with a method it does not answer: 405 naming the ones it does.
  const methods = new Map<string, Set<string>>();
  for (const spec of routes) {
    const set = methods.get(spec.path) ?? new Set(['OPTIONS']);
    set.add(spec.method.toUpperCase());
    if (spec.method === 'get') set.add('HEAD');
    methods.set(spec.path, set);
  }
  for (const [path, set] of methods) {
    const allowed = [...set].sort();
    router.all(path, (req: Request, res: Response) => {
      res.setHeader('Allow', allowed.join(', '));
      if (req.method === 'OPTIONS') return void res.status(204).end();
      throw new MethodNotAllowedError(allowed);
    });
  }
  return router;
}

export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}
