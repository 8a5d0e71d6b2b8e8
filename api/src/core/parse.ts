import { z } from 'zod';
import { ValidationError, type FieldError } from '../errors/domain-errors.ts';

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const base = issue.path.join('.');
      return { field: issue.keys.map((k) => (base ? `${base}.${k}` : k)).join(', '), message: 'Unknown field.' };
    }
    return { field: issue.path.join('.') || '(body)', message: issue.message };
  });
}

/** Parses input at the edge: every failure is a 422 naming each field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(input ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  throw new ValidationError(fieldErrors(result.error), `The request ${where} has invalid fields.`);
}
