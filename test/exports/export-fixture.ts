import type { ExportComment, ExportPages, ExportSubject } from '../../api/src/exports/export-rows.ts';

export const subject: ExportSubject = {
  exercise: { id: '00000000-0000-4000-8000-0000000000e1', title: 'Box step', duration_ms: 60_000 },
  thread: { id: '00000000-0000-4000-8000-0000000000a1', student_name: 'Sam Rivera' },
};

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = (n: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, n)).toISOString();

export function comment(n: number, patch: Partial<ExportComment> = {}): ExportComment {
  return {
    id: id(n),
    thread_id: subject.thread!.id,
    parent_id: null,
    parent_exported: false,
    author_id: id(900),
    author_name: 'Sam Rivera',
    author_role: 'learner',
    student_name: 'Sam Rivera',
    t_start_ms: n * 1000,
    t_end_ms: n * 1000 + 1500,
    body: `comment ${n}`,
    created_at: at(n),
    updated_at: at(n),
    hidden: false,
    deleted: false,
    ...patch,
  };
}

/**
 * A thread in export order with each case the formats must carry: a range, a point, a point cut
 * at the video's end and one on its last millisecond, replies (one to a hidden parent), hidden
 * and deleted comments, and bodies full of markup, quotes, commas, line breaks and formulas.
 */
export function tricky(): ExportComment[] {
  const ada = { author_id: id(901), author_name: 'Ada <Author> & Co', author_role: 'instructor' as const };
  return [
    comment(1, { t_start_ms: 0, t_end_ms: 12_345, body: 'left foot late' }),
    comment(2, { ...ada, parent_id: id(1), parent_exported: true, t_start_ms: 0, t_end_ms: 12_345, body: 'Yes, <b>late</b> & heavy --> fix it' }),
    comment(3, { t_start_ms: 12_500, t_end_ms: 14_000, body: '=HYPERLINK("http://x")' }),
    comment(4, { t_start_ms: 12_500, t_end_ms: 12_500, body: 'a point\n\n\nwith "quotes", commas\r\nand lines' }),
    comment(5, { t_start_ms: 20_000, t_end_ms: 21_000, hidden: true, body: 'HIDDEN-BODY' }),
    comment(6, { ...ada, parent_id: id(5), parent_exported: false, t_start_ms: 20_000, t_end_ms: 21_000, body: '+1 to the hidden one' }),
    comment(7, { t_start_ms: 30_001, t_end_ms: 30_001, deleted: true, body: 'DELETED-BODY' }),
    comment(8, { t_start_ms: 59_000, t_end_ms: 59_000, body: '-cut at the end' }),
    comment(9, { t_start_ms: 60_000, t_end_ms: 60_000, body: '@the last millisecond', updated_at: at(99) }),
  ];
}

/** Rows handed over in pages of `size`, as a repository's keyset reads would. */
export async function* pagesOf(rows: readonly ExportComment[], size = 3): ExportPages {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

export async function collect(chunks: AsyncIterable<string>): Promise<{ text: string; count: number }> {
  let text = '';
  let count = 0;
  for await (const c of chunks) {
    text += c;
    count++;
  }
  return { text, count };
}
