import type { Request, RequestHandler, Response } from 'express';
import type { AuthService } from '../auth/auth.service.ts';
import type { Principal } from '../auth/principal.ts';
import { InvalidTokenError } from '../auth/tokens.ts';
import { ForbiddenError, UnauthorizedError } from '../errors/domain-errors.ts';

declare module 'express-serve-static-core' {
  interface Locals {
    principal?: Principal;
  }
}

/**
 * Reads `Authorization: Bearer …` (401 without a valid one), checks the principal is of the kind
 * the route serves (403), then lets `after` narrow the response (CORS to the caller's tenant).
 * One middleware rather than three: each router layer costs on every request.
 */
export function authenticate(
  auth: AuthService,
  kind: 'user' | 'api_key' | 'either',
  after: (req: Request, res: Response, principal: Principal) => Promise<void> | void = () => {},
): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('A bearer token is required.', 'invalid_request');
    let principal: Principal;
    try {
      principal = (await auth.authenticate(match[1]!)).principal;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedError(error.message);
      throw error;
    }
    res.locals.principal = principal;
    await after(req, res, principal);
    if (kind === 'user' && principal.kind !== 'user') throw new ForbiddenError('This endpoint is for user tokens, not API keys.');
    if (kind === 'api_key' && principal.kind !== 'api_key') throw new ForbiddenError('This endpoint needs the tenant API key.');
    next();
  };
}
