import type { DomainError } from './domain-errors.ts';

// RFC 9457 problem documents: the one shape every transport answers a domain error with.
export const PROBLEM_TYPE_BASE = 'https://exercise-threads.dev/problems/';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

export function toProblem(error: DomainError): ProblemDocument {
  const doc: ProblemDocument = {
    type: PROBLEM_TYPE_BASE + error.code,
    title: error.title,
    status: error.status,
    detail: error.message,
  };
  if (error.errors) doc.errors = error.errors;
  return doc;
}
