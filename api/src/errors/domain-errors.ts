// Domain errors: a status and a stable `code`, nothing of any transport. Services throw them;
// http/problem.ts renders them as problem documents, the live channel as acknowledgements.

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  readonly status: number;
  /** Stable and machine-readable: the problem type's last segment. */
  readonly code: string;
  readonly title: string;
  readonly errors: FieldError[] | undefined;

  constructor(status: number, code: string, title: string, detail?: string, errors?: FieldError[]) {
    super(detail ?? title);
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = errors;
  }
}

export class BadRequestError extends DomainError {
  constructor(detail = 'The request could not be read.') {
    super(400, 'bad-request', 'Bad request', detail);
  }
}

export class UnauthorizedError extends DomainError {
  /** Why the credentials failed: none given (`invalid_request`) or not valid (`invalid_token`). */
  readonly reason: 'invalid_token' | 'invalid_request';

  constructor(detail = 'A valid bearer token is required.', reason: 'invalid_token' | 'invalid_request' = 'invalid_token') {
    super(401, 'unauthorized', 'Unauthorized', detail);
    this.reason = reason;
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail = 'You may not do this.') {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

export class NotFoundError extends DomainError {
  constructor(what = 'resource') {
    super(404, 'not-found', 'Not found', `No such ${what}.`);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(detail = 'The request body is too large.') {
    super(413, 'payload-too-large', 'Payload too large', detail);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(detail = 'Send the body as application/json.') {
    super(415, 'unsupported-media-type', 'Unsupported media type', detail);
  }
}

export class ValidationError extends DomainError {
  constructor(errors: FieldError[], detail = 'The request has invalid fields.') {
    super(422, 'validation-failed', 'Validation failed', detail, errors);
  }
}

export class TooManyRequestsError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(429, 'rate-limited', 'Too many requests', `Try again in ${retryAfterSeconds} s.`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly retryAfterSeconds: number | undefined;

  constructor(detail: string, retryAfterSeconds?: number) {
    super(503, 'unavailable', 'Service unavailable', detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
