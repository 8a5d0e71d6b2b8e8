import { ServiceUnavailableError } from '../errors/domain-errors.ts';

/** How long a client should wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// SQLSTATE class 08 (connection exception), the server shutting down or starting up (57P01-57P03),
// too many connections (53300).
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);
// What node-postgres, Knex's pool and PGlite say when the database went away mid-flight.
const UNAVAILABLE_MESSAGE = /Connection terminated|connection error and is not queryable|Timeout acquiring a connection|Unable to acquire a connection|PGlite is closed/i;

/** Whether `error` says the database cannot be reached now (rather than that a statement is wrong). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  if (error.name === 'KnexTimeoutError') return true;
  // An AggregateError (a host with several addresses) carries each attempt's error.
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}

/**
 * The domain error for a database that cannot be reached, so every transport answers 503 with a
 * time to come back; any other error is returned as it is.
 */
export function unavailableOr(error: unknown): unknown {
  if (error instanceof ServiceUnavailableError || !isDatabaseUnavailable(error)) return error;
  return Object.assign(new ServiceUnavailableError('The database is unavailable; try again shortly.', DATABASE_RETRY_AFTER_SECONDS), { cause: error });
}
