import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  BadRequestError,
  DomainError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from '../errors/domain-errors.ts';
import { toProblem } from '../errors/problem-document.ts';

/** The HTTP headers a domain error implies: the challenge of a 401, when to come back after a 429 or 503. */
export function problemHeaders(error: DomainError): Record<string, string> {
  if (error instanceof UnauthorizedError) return { 'WWW-Authenticate': `Bearer realm="exercise-threads", error="${error.reason}"` };
  if ((error instanceof TooManyRequestsError || error instanceof ServiceUnavailableError) && error.retryAfterSeconds !== undefined) {
    return { 'Retry-After': String(error.retryAfterSeconds) };
  }
  return {};
}


/** Errors thrown by body-parser carry a `type`; they become the matching problem. */
function fromParserError(error: { type?: string; status?: number }): DomainError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new BadRequestError('The body is not valid JSON.');
    case 'entity.too.large':
      return new PayloadTooLargeError();
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError('Unsupported body encoding.');
    default:
      return undefined;
  }
}

export const notFoundHandler: RequestHandler = () => {
  throw new NotFoundError('route');
};

export function problemHandler(
  onUnexpected: (error: unknown) => void,
  onProblem: (error: DomainError, req: Parameters<ErrorRequestHandler>[1], res: Parameters<ErrorRequestHandler>[2]) => void = () => {},
): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    let domainError: DomainError | undefined;
    if (error instanceof DomainError) domainError = error;
    else if (error && typeof error === 'object') domainError = fromParserError(error as { type?: string });
    if (!domainError) {
      onUnexpected(error);
      domainError = new DomainError(500, 'internal', 'Internal server error', 'Something went wrong on our side.');
    }
    onProblem(domainError, _req, res);
    res.status(domainError.status).set(problemHeaders(domainError)).type('application/problem+json').send(JSON.stringify(toProblem(domainError)));
  };
}
