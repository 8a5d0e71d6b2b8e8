import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import webvtt, { type VttNode } from 'webvtt-parser';
import { cueTimes, toWebVtt, vttTimestamp } from '../../api/src/exports/webvtt.ts';
import { collect, comment, pagesOf, subject, tricky } from './export-fixture.ts';

// The W3C's own validator (w3c/webvtt.js), given the full entity table as the spec's parser has.
const entities = (await import('webvtt-parser/html-entities.json', { with: { type: 'json' } })).default as Record<string, string>;
const parse = (vtt: string) => new webvtt.WebVTTParser(entities).parse(vtt, 'subtitles/captions/descriptions');
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const textOf = (nodes: VttNode[]): string => nodes.map((n) => (n.type === 'text' ? n.value : textOf(n.children ?? []))).join('');

describe('WebVTT export', () => {
  test('parses without a single error, one cue per shown comment, exact times, voice spans', async () => {
    const rows = tricky();
    const { text } = await collect(toWebVtt(subject, pagesOf(rows)));
    const parsed = parse(text);
    assert.deepEqual(parsed.errors, []);
    const shown = rows.filter((r) => !r.hidden && !r.deleted);
    // The file keeps export order (replies right after their parent) ...
    assert.deepEqual([...text.matchAll(/^([0-9a-f-]{36})$/gm)].map((m) => m[1]), shown.map((r) => r.id));
    // ... and the parser hands cues over in the HTML text track cue order (start, then the longer first).
    assert.equal(parsed.cues.length, shown.length);
    const cues = new Map(parsed.cues.map((c) => [c.id, c]));
    const expected: [number, number][] = [
      [0, 12_345], // a range keeps its own times
      [0, 12_345], // the reply, right after its parent
      [12_500, 14_000],
      [12_500, 14_500], // a point lasts 2 s
      [20_000, 21_000], // a reply to a hidden comment stays
      [59_000, 60_000], // a point cut at the video's end
      [60_000, 60_001], // a point on the last millisecond keeps the shortest valid cue
    ];
    for (const [i, row] of shown.entries()) {
      const cue = cues.get(row.id)!;
      assert.deepEqual([Math.round(cue.startTime * 1000), Math.round(cue.endTime * 1000)], expected[i], row.id);
      const [voice] = cue.tree.children;
      assert.equal(voice?.type, 'object');
      assert.equal(voice?.name, 'v');
      // The parser undoes the body's escaping; webvtt.js hands a voice's annotation over as
      // written, character references and all, so those three are read back here.
      assert.equal(unescape(voice?.value ?? ''), row.author_name);
      assert.equal(textOf(voice?.children ?? []), row.body.split(/\r\n|\r|\n/).filter((l) => l.trim()).join('\n'));
    }
    assert.ok(!text.includes('HIDDEN-BODY') && !text.includes('DELETED-BODY'));
    assert.match(text, /^WEBVTT\n\nNOTE\nBox step — Sam Rivera\n\n/);
  });

  test('the payload is written as <v Author Name>text', async () => {
    const { text } = await collect(toWebVtt(subject, pagesOf([comment(1, { body: 'left foot late' })])));
    assert.match(text, /\n00:00:01\.000 --> 00:00:02\.500\n<v Sam Rivera>left foot late\n\n$/);
  });

  test('markup in a body stays text: no tag, no "-->", no blank line reaches the file', async () => {
    const { text } = await collect(toWebVtt(subject, pagesOf(tricky())));
    const cue = text.split('\n\n').find((b) => b.startsWith(tricky()[1]!.id))!;
    assert.equal(cue.split('\n')[2], '<v Ada &lt;Author&gt; &amp; Co>Yes, &lt;b&gt;late&lt;/b&gt; &amp; heavy --&gt; fix it');
    const point = text.split('\n\n').find((b) => b.startsWith(tricky()[3]!.id))!;
    assert.equal(point.split('\n').length, 5, 'the point’s three lines of text, with the blank ones gone');
  });

  test('times are exact to the millisecond, past an hour too', () => {
    assert.equal(vttTimestamp(0), '00:00:00.000');
    assert.equal(vttTimestamp(1), '00:00:00.001');
    assert.equal(vttTimestamp(12_345), '00:00:12.345');
    assert.equal(vttTimestamp(3_599_999), '00:59:59.999');
    assert.equal(vttTimestamp(3_600_000), '01:00:00.000');
    assert.equal(vttTimestamp(360_000_123), '100:00:00.123');
  });

  test('a point with no known duration lasts the full 2 s', () => {
    assert.deepEqual(cueTimes({ t_start_ms: 90_000, t_end_ms: 90_000 }, null), [90_000, 92_000]);
    assert.deepEqual(cueTimes({ t_start_ms: 59_500, t_end_ms: 59_500 }, 60_000), [59_500, 60_000]);
  });

  test('streams: one chunk per page, never the whole file at once', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => comment(i + 1));
    const { text, count } = await collect(toWebVtt({ ...subject, exercise: { ...subject.exercise, duration_ms: null } }, pagesOf(rows, 10)));
    assert.equal(count, 1 + 3);
    assert.equal(parse(text).cues.length, 30);
  });

  test('an exercise export has no student in its note, and a thread with nothing shown is still a valid file', async () => {
    const { text } = await collect(toWebVtt({ exercise: subject.exercise }, pagesOf([comment(1, { deleted: true })])));
    assert.equal(text, 'WEBVTT\n\nNOTE\nBox step\n\n');
    assert.deepEqual(parse(text).errors, []);
    assert.equal(parse(text).cues.length, 0);
  });
});
