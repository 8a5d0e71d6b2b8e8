import { z } from 'zod';

export const Id = z.uuid({ message: 'Must be a UUID.' });
export const IdParams = z.object({ id: Id });

/**
 * Text a caller sends to be stored. PostgreSQL's text cannot hold the NUL character, so it is
 * refused here, naming the field (422), rather than by the database (a 500).
 */
export const Text = (message = 'Must be text.') => z.string({ message }).refine((s) => !s.includes('\u0000'), 'Must not contain the NUL character (\\u0000).');

/** Most a time may be when the exercise's duration is unknown: one day, in seconds. */
export const MAX_UNKNOWN_DURATION_S = 86_400;

/** A time on the wire: seconds, finite, not negative; rounded to the millisecond when stored. */
export const Seconds = z
  .number({ message: 'Must be a number of seconds.' })
  .finite({ message: 'Must be a finite number.' })
  .min(0, { message: 'Must not be negative.' })
  .max(MAX_UNKNOWN_DURATION_S, { message: `Must be at most ${MAX_UNKNOWN_DURATION_S} seconds.` });

export const Cursor = z.string().max(200).regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor from this API.');

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
