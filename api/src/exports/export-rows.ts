import type { Role } from '../auth/principal.ts';

/**
 * One comment as an export reads it. Repositories hand these over in keyset pages, already in
 * export order (see `ExportPages`); the formatters only filter and render.
 */
export interface ExportComment {
  id: string;
  thread_id: string;
  parent_id: string | null;
  /** Whether a reply's parent is itself exported (not hidden, not deleted); false for a top comment. */
  parent_exported: boolean;
  author_id: string;
  author_name: string;
  author_role: Role;
  /** The thread owner's display name. */
  student_name: string;
  t_start_ms: number;
  t_end_ms: number;
  body: string;
  /** ISO 8601, made by the database. */
  created_at: string;
  updated_at: string;
  hidden: boolean;
  deleted: boolean;
}

/** What is exported: one exercise's video, and (for a thread export) one thread of it. */
export interface ExportSubject {
  exercise: { id: string; title: string; duration_ms: number | null };
  /** Set for a thread export; an exercise export spans all of its threads. */
  thread?: { id: string; student_name: string };
}

/**
 * Pages of rows in export order: by start time (WebVTT requires cue start times never to
 * decrease), then a comment's replies right after it (a reply answers at its parent's moment
 * unless given its own), each group in creation order.
 */
export type ExportPages = AsyncIterable<readonly ExportComment[]>;

/** Hidden and deleted comments leave the product's view, and so every export. */
export const isExported = (c: ExportComment): boolean => !c.hidden && !c.deleted;

/** A comment whose start and end coincide marks a moment rather than a stretch. */
export const isPoint = (c: Pick<ExportComment, 't_start_ms' | 't_end_ms'>): boolean => c.t_start_ms === c.t_end_ms;

/** Exact decimal seconds from integer milliseconds (12500 → "12.5", 14000 → "14", 1 → "0.001"). */
export function msToDecimalSeconds(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`Not a time in milliseconds: ${ms}`);
  const whole = Math.floor(ms / 1000);
  const frac = ms % 1000;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}
