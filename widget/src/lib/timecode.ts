/** "01:23" below an hour, "1:02:03" above; never negative, never NaN. */
export function formatTimecode(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "01:23" for a point, "01:23–01:30" for a range. */
export function formatSpan(start: number, end: number | null | undefined): string {
  return end != null && end > start ? `${formatTimecode(start)}–${formatTimecode(end)}` : formatTimecode(start);
}

/** Rounds to the millisecond, as the database stores it. */
export const roundMs = (seconds: number) => Math.round(Math.max(0, seconds) * 1000) / 1000;
