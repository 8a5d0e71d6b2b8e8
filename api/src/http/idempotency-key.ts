import type { IncomingHttpHeaders } from 'node:http';
import { ValidationError } from '../errors/domain-errors.ts';

/**
 * The request's Idempotency-Key (`POST /comments`, `POST /threads/:id/attempts`): 1 to 200 visible
 * ASCII characters (a UUID is typical); undefined when absent.
 */
export function idempotencyKey(headers: IncomingHttpHeaders): string | undefined {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) throw new ValidationError([{ field: 'Idempotency-Key', message: 'Must be 1 to 200 visible ASCII characters.' }]);
  return key;
}
