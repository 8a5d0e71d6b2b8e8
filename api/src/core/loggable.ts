/**
 * What of an error may be written to a log: its name, message, code and first frames, and the
 * same of its cause. Never the error object itself: a pg error carries its `client` (connection
 * parameters, the password among them, and the cancel key), an HTTP client's error its request
 * headers, and a console or pino dump prints every enumerable property. Knex puts the statement,
 * and with it values a client sent, in a database error's message: such errors keep the driver's text alone.
 */
export interface LoggableError {
  name: string;
  message: string;
  code?: string;
  routine?: string;
  status?: number;
  stack?: string;
  cause?: LoggableError | string;
}

export function loggable(error: unknown, depth = 0): LoggableError | string {
  if (!(error instanceof Error)) {
    // A thrown string or number says what it says; any other value is named, not dumped.
    return typeof error === 'string' || typeof error === 'number' || typeof error === 'boolean' ? String(error) : `non-error value (${Object.prototype.toString.call(error)})`;
  }
  const e = error as Error & { code?: unknown; routine?: unknown; status?: unknown; statusCode?: unknown };
  const out: LoggableError = { name: e.name, message: typeof e.code === 'string' && e.routine ? e.message.split(' - ').at(-1)! : e.message };
  if (typeof e.code === 'string') out.code = e.code;
  if (typeof e.routine === 'string') out.routine = e.routine;
  const status = e.status ?? e.statusCode;
  if (typeof status === 'number') out.status = status;
  if (e.stack) out.stack = e.stack.split('\n').slice(1, 6).join('\n');
  if (e.cause !== undefined && depth < 2) out.cause = loggable(e.cause, depth + 1);
  return out;
}

/** The default error sink of a component with no logger given: one safe line on stderr. */
export const logError =
  (label: string) =>
  (error: unknown): void => {
    console.error(`${label}:`, loggable(error));
  };
