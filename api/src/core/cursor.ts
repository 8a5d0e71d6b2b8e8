import { ValidationError } from '../errors/domain-errors.ts';

/** Opaque keyset cursors: the sort key of the last row, never an offset. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** What each part of a cursor must be: checked in full, since a client may forge one. */
export type CursorPart = 'timestamp' | 'uuid' | 'int' | 'string';

/** A calendar day that exists (PostgreSQL refuses 31 February with an error, not a false). */
function realDay(v: string): boolean {
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return y >= 1 && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

const PART: Record<CursorPart, (v: unknown) => boolean> = {
  // PostgreSQL's text form of a timestamptz, as the repositories select it.
  timestamp: (v) => typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?([+-](0\d|1[0-4])(:?[0-5]\d)?|Z)?$/.test(v) && realDay(v),
  uuid: (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  // The integer columns cursors carry (times in ms, seqs) are PostgreSQL integers.
  int: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2_147_483_647,
  // A part its service checks itself (the inbox's group letter, a sort key).
  string: (v) => typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000'),
};

export function decodeCursor<T extends (string | number)[]>(cursor: string, shape: CursorPart[]): T {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.length === shape.length && parts.every((p, i) => PART[shape[i]!](p))) return parts as T;
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ field: 'cursor', message: 'Not a cursor from this API.' }]);
}
