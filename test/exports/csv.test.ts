import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, neutraliseCell, toCsv } from '../../api/src/exports/csv.ts';
import { collect, comment, pagesOf, subject, tricky } from './export-fixture.ts';

// Strict RFC 4180 reading: CRLF records, no stray quotes, every record as wide as the header.
const read = (text: string) => parse(text, { bom: true, columns: true, record_delimiter: '\r\n', relax_quotes: false, relax_column_count: false }) as Record<string, string>[];

describe('CSV export', () => {
  test('round-trips through a CSV parser: every shown comment, every column, every character', async () => {
    const rows = tricky();
    const { text } = await collect(toCsv(subject, pagesOf(rows)));
    const records = read(text);
    const shown = rows.filter((r) => !r.hidden && !r.deleted);
    assert.equal(records.length, shown.length);
    assert.deepEqual(Object.keys(records[0]!), [...CSV_COLUMNS]);
    for (const [i, rec] of records.entries()) {
      const row = shown[i]!;
      assert.equal(rec.thread, row.thread_id);
      assert.equal(rec.student, 'Sam Rivera');
      assert.equal(rec.exercise, 'Box step');
      assert.equal(rec.comment, row.id);
      assert.equal(rec.reply_to, row.parent_id ?? '');
      assert.equal(Math.round(Number(rec.start) * 1000), row.t_start_ms);
      assert.equal(Math.round(Number(rec.end) * 1000), row.t_end_ms);
      assert.equal(rec.author, row.author_name);
      assert.equal(rec.role, row.author_role);
      assert.equal(rec.text, neutraliseCell(row.body));
      assert.equal(rec.created, row.created_at);
      assert.equal(rec.edited, row.updated_at === row.created_at ? '' : row.updated_at);
    }
    // Line breaks, quotes and commas stay inside their cell.
    assert.equal(records[3]!.text, 'a point\n\n\nwith "quotes", commas\r\nand lines');
    assert.ok(!text.includes('HIDDEN-BODY') && !text.includes('DELETED-BODY'));
  });

  test('=HYPERLINK("http://x") arrives neutralised, and so does every formula-starting cell', async () => {
    const { text } = await collect(toCsv(subject, pagesOf(tricky())));
    const texts = read(text).map((r) => r.text);
    assert.ok(texts.includes(`'=HYPERLINK("http://x")`), texts.join(' | '));
    assert.ok(texts.includes("'-cut at the end"));
    assert.ok(texts.includes("'@the last millisecond"));
    assert.ok(texts.includes("'+1 to the hidden one"));
    for (const start of ['=', '+', '-', '@', '\t', '\r', '＝']) assert.equal(neutraliseCell(`${start}1+1`), `'${start}1+1`);
    assert.equal(neutraliseCell('left foot = late'), 'left foot = late');
    // A formula in a name or a title is a cell like any other.
    const evil = await collect(toCsv({ exercise: { ...subject.exercise, title: '=cmd|"/c calc"!A1' } }, pagesOf([comment(1, { author_name: '@SUM(1)', student_name: '+evil' })])));
    const [rec] = read(evil.text);
    assert.equal(rec!.exercise, `'=cmd|"/c calc"!A1`);
    assert.equal(rec!.author, "'@SUM(1)");
    assert.equal(rec!.student, "'+evil");
  });

  test('UTF-8 with a byte-order mark, CRLF between records, text quoted', async () => {
    const { text } = await collect(toCsv(subject, pagesOf([comment(1, { body: 'café – ok' })])));
    const bytes = Buffer.from(text, 'utf8');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(text.slice(1).split('\r\n')[0], CSV_COLUMNS.map((c) => `"${c}"`).join(','));
    assert.ok(text.endsWith('\r\n'));
    assert.equal(read(text)[0]!.text, 'café – ok');
  });

  test('streams one chunk per page; an empty export is the header alone', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => comment(i + 1));
    const { text, count } = await collect(toCsv(subject, pagesOf(rows, 10)));
    assert.equal(count, 1 + 3);
    assert.equal(read(text).length, 25);
    const empty = await collect(toCsv(subject, pagesOf([])));
    assert.equal(read(empty.text).length, 0);
    assert.equal(empty.count, 1);
  });
});
