import { isExported, isPoint, type ExportComment, type ExportPages, type ExportSubject } from './export-rows.ts';

/** How long a point comment's cue lasts, cut at the video's end. */
export const POINT_CUE_MS = 2000;

/** `hh:mm:ss.ttt`, exact to the millisecond (hours grow past two digits when they must). */
export function vttTimestamp(ms: number): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** A cue's times: a range keeps its own; a point lasts 2 s, cut at the video's end. */
export function cueTimes(c: Pick<ExportComment, 't_start_ms' | 't_end_ms'>, durationMs: number | null): [number, number] {
  if (!isPoint(c)) return [c.t_start_ms, c.t_end_ms];
  const end = durationMs === null ? c.t_start_ms + POINT_CUE_MS : Math.min(c.t_start_ms + POINT_CUE_MS, durationMs);
  // A point on the video's last millisecond still needs an end after its start to be a cue.
  return [c.t_start_ms, Math.max(end, c.t_start_ms + 1)];
}

/** Cue text: the three characters WebVTT reads as markup become character references. */
const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A payload may not hold a blank line (it would end the cue) and is one voice span. Lines keep
 * their breaks; whitespace-only lines go, and so does a trailing newline.
 */
function cuePayload(author: string, body: string): string {
  const voice = escapeText(author.replace(/[\r\n]+/g, ' ').trim() || 'Unknown');
  const lines = body
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '')
    .map(escapeText);
  return `<v ${voice}>${lines.join('\n')}`;
}

/** A NOTE block or header text may hold neither "-->" nor a line break. */
const noteSafe = (s: string) => s.replace(/[\r\n]+/g, ' ').replace(/-->/g, '->');

/**
 * A thread (or an exercise's threads) as a WebVTT file: one cue per comment, the comment's id
 * as the cue identifier, the payload a voice span naming its author. Hidden and deleted comments
 * are left out; rows arrive in export order, so cue start times never decrease.
 */
export async function* toWebVtt(subject: ExportSubject, pages: ExportPages): AsyncGenerator<string> {
  const about = subject.thread ? `${subject.exercise.title} — ${subject.thread.student_name}` : subject.exercise.title;
  yield `WEBVTT\n\nNOTE\n${noteSafe(about)}\n\n`;
  for await (const page of pages) {
    let chunk = '';
    for (const c of page) {
      if (!isExported(c)) continue;
      const [start, end] = cueTimes(c, subject.exercise.duration_ms);
      chunk += `${c.id}\n${vttTimestamp(start)} --> ${vttTimestamp(end)}\n${cuePayload(c.author_name, c.body)}\n\n`;
    }
    if (chunk) yield chunk;
  }
}
