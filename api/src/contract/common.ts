import { z } from 'zod';

export const Id = z.uuid({ message: 'Must be a UUID.' });
export const IdParams = z.object({ id: Id });

/**
 * Text a caller sends to be stored. PostgreSQL's text cannot hold the NUL character, so it is
 * refused here, naming the field (422), rather than by the database (a 500). A regex rather than a
 * refinement, so the OpenAPI document carries it as a `pattern`.
 */
// eslint-disable-next-line no-control-regex -- the NUL character is what this refuses
export const Text = (message = 'Must be text.') => z.string({ message }).regex(/^[^\u0000]*$/, 'Must not contain the NUL character (\\u0000).');

/**
 * Text that must hold more than whitespace, at most `max` characters. Stored as sent (a comment's
 * body keeps its spacing); the `\S` pattern says "not blank" in the document, as the server means
 * it (String.prototype.trim and `\s` agree on what whitespace is).
 */
export const NonBlankText = (max: number, maxMessage = `Must be at most ${max} characters.`) =>
  Text().max(max, { message: maxMessage }).regex(/\S/, 'Must not be empty.');

/**
 * Like NonBlankText, trimmed before it is stored. The length limit is checked after trimming
 * (the server's rule); the document's `maxLength` is on the text as sent, so a client that keeps
 * to it is never refused.
 */
export const TrimmedText = (max: number, maxMessage?: string) =>
  Text().regex(/\S/, 'Must not be empty.').trim().min(1, 'Must not be empty.').max(max, maxMessage);

/** A PATCH body: at least one field, said in the document as `minProperties: 1`. */
export function atLeastOneField<T extends z.ZodObject>(schema: T) {
  return schema.refine((b) => Object.keys(b).length > 0, 'Send at least one field.').meta({ minProperties: 1 });
}

/** Most a time may be when the exercise's duration is unknown: one day, in seconds. */
export const MAX_UNKNOWN_DURATION_S = 86_400;

/** A time on the wire: seconds, finite, not negative; rounded to the millisecond when stored. */
export const Seconds = z
  .number({ message: 'Must be a number of seconds.' })
  .finite({ message: 'Must be a finite number.' })
  .min(0, { message: 'Must not be negative.' })
  .max(MAX_UNKNOWN_DURATION_S, { message: `Must be at most ${MAX_UNKNOWN_DURATION_S} seconds.` });

export const Cursor = z.string().max(200).regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor from this API.');
/** A cursor whose keys hold text a platform chose (the roster's names and LMS ids): room for their longest. */
export const TextKeyCursor = z.string().max(4096).regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor from this API.');

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const Timestamp = z.iso.datetime({ offset: true });

export function page<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
  /** When the body's type depends on the request (an export's format): each content type and its schema. */
  content?: Record<string, z.ZodType>;
  /** The problem types (their codes) this status answers with, when it is an error. */
  problems?: string[];
}

/** What the API reference says of one operation. */
export interface OperationDoc {
  tag: string;
  summary: string;
  responses: Record<number, ResponseDoc>;
  /** Request headers the operation reads. */
  headers?: { name: string; description: string }[];
}

/** A domain's operations under one tag, so a route table names each by key. */
export function operations<K extends string>(tag: string, ops: Record<K, Omit<OperationDoc, 'tag'>>): Record<K, OperationDoc> {
  return Object.fromEntries(Object.entries<Omit<OperationDoc, 'tag'>>(ops).map(([k, op]) => [k, { tag, ...op }])) as Record<K, OperationDoc>;
}
