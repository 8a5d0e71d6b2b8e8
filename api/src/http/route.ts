import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { NotFoundError, UnsupportedMediaTypeError, ValidationError } from './errors.ts';
import { parse } from './validate.ts';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
/** Who may call: a user token, the tenant API key, either, or nobody in particular. */
export type Auth = 'user' | 'api_key' | 'either' | 'none';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  auth: Auth;
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers the route reads (documented in OpenAPI). */
  headers?: { name: string; description: string }[];
  responses: Record<number, ResponseSpec>;
  handler: (input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> }, req: Request, res: Response) => unknown;
}

export type AnyRoute = RouteSpec<AnyObject, AnyObject, z.ZodType>;

/** Declares a route: the types of its handler's input follow from its schemas. */
type NoFields = z.ZodObject<Record<string, never>>;

export function route<P extends AnyObject = NoFields, Q extends AnyObject = NoFields, B extends z.ZodType = z.ZodUndefined>(
  spec: RouteSpec<P, Q, B>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Mounts declared routes on `router` (itself, not a nested router: each level of routers costs on
 * every request); validation happens here, before any handler runs.
 */
export function mountRoutes(router: Router, routes: AnyRoute[], before: (spec: AnyRoute) => import('express').RequestHandler[] = () => []): Router {
  for (const spec of routes) {
    router[spec.method](spec.path, ...before(spec), async (req: Request, res: Response) => {
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
      await spec.handler({ params, query, body } as never, req, res);
    });
  }
  return router;
}

export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}
