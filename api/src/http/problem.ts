import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError, NotFoundError, BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors.ts';

export const PROBLEM_TYPE_BASE = 'https://exercise-threads.dev/problems/';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

export function toProblem(error: HttpError): ProblemDocument {
  const doc: ProblemDocument = {
    type: PROBLEM_TYPE_BASE + error.code,
    title: error.title,
    status: error.status,
    detail: error.message,
  };
  if (error.errors) doc.errors = error.errors;
  return doc;
}

/** Errors thrown by body-parser carry a `type`; they become the matching problem. */
function fromParserError(error: { type?: string; status?: number }): HttpError | undefined {
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
  onProblem: (error: HttpError, req: Parameters<ErrorRequestHandler>[1], res: Parameters<ErrorRequestHandler>[2]) => void = () => {},
): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    let httpError: HttpError | undefined;
    if (error instanceof HttpError) httpError = error;
    else if (error && typeof error === 'object') httpError = fromParserError(error as { type?: string });
    if (!httpError) {
      onUnexpected(error);
      httpError = new HttpError(500, 'internal', 'Internal server error', 'Something went wrong on our side.');
    }
    onProblem(httpError, _req, res);
    res.status(httpError.status).set(httpError.headers).type('application/problem+json').send(JSON.stringify(toProblem(httpError)));
  };
}
