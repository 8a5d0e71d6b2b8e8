// One error type per status; services throw these and the problem handler renders them.

export interface FieldError {
  field: string;
  message: string;
}

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, title: string, detail?: string, errors?: FieldError[], headers: Record<string, string> = {}) {
    super(detail ?? title);
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = errors;
    this.headers = headers;
  }
}

export class BadRequestError extends HttpError {
  constructor(detail = 'The request could not be read.') {
    super(400, 'bad-request', 'Bad request', detail);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(detail = 'A valid bearer token is required.', reason: 'invalid_token' | 'invalid_request' = 'invalid_token') {
    super(401, 'unauthorized', 'Unauthorized', detail, undefined, {
      'WWW-Authenticate': `Bearer realm="exercise-threads", error="${reason}"`,
    });
  }
}

export class ForbiddenError extends HttpError {
  constructor(detail = 'You may not do this.') {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

export class NotFoundError extends HttpError {
  constructor(what = 'resource') {
    super(404, 'not-found', 'Not found', `No such ${what}.`);
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(detail = 'The request body is too large.') {
    super(413, 'payload-too-large', 'Payload too large', detail);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(detail = 'Send the body as application/json.') {
    super(415, 'unsupported-media-type', 'Unsupported media type', detail);
  }
}

export class ValidationError extends HttpError {
  constructor(errors: FieldError[], detail = 'The request has invalid fields.') {
    super(422, 'validation-failed', 'Validation failed', detail, errors);
  }
}

export class TooManyRequestsError extends HttpError {
  constructor(retryAfterSeconds: number) {
    super(429, 'rate-limited', 'Too many requests', `Try again in ${retryAfterSeconds} s.`, undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(detail: string) {
    super(503, 'unavailable', 'Service unavailable', detail);
  }
}
