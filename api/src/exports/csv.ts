import { stringify } from 'csv-stringify/sync';
import { isExported, type ExportComment, type ExportPages, type ExportSubject } from './export-rows.ts';

export const CSV_COLUMNS = ['thread', 'student', 'exercise', 'comment', 'reply_to', 'start', 'end', 'author', 'role', 'text', 'created', 'edited'] as const;

/**
 * OWASP CSV injection: a cell that a spreadsheet would run as a formula (it starts with = + - @,
 * a tab or a carriage return; also their full-width forms, which some locales accept) gets a
 * leading apostrophe, so it is shown as text and the original stays readable.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(value) ? `'${value}` : value;
}

/** Seconds as a number: k/1000 prints exactly for integer milliseconds (12500 → 12.5). */
const seconds = (ms: number) => ms / 1000;

function record(c: ExportComment, subject: ExportSubject): (string | number)[] {
  return [
    c.thread_id,
    neutraliseCell(c.student_name),
    neutraliseCell(subject.exercise.title),
    c.id,
    c.parent_id ?? '',
    seconds(c.t_start_ms),
    seconds(c.t_end_ms),
    neutraliseCell(c.author_name),
    c.author_role,
    neutraliseCell(c.body),
    c.created_at,
    c.updated_at === c.created_at ? '' : c.updated_at,
  ];
}

// RFC 4180: CRLF between records, every text field quoted (its quotes doubled), so line breaks
// and commas inside a comment stay inside its cell.
const options = { record_delimiter: '\r\n', quoted_string: true } as const;

/** A thread (or an exercise's threads) as CSV: UTF-8 with a byte-order mark for spreadsheet programs. */
export async function* toCsv(subject: ExportSubject, pages: ExportPages): AsyncGenerator<string> {
  yield `\uFEFF${stringify([[...CSV_COLUMNS]], options)}`;
  for await (const page of pages) {
    const rows = page.filter(isExported).map((c) => record(c, subject));
    if (rows.length) yield stringify(rows, options);
  }
}
