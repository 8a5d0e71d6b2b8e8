/**
 * "01:23.4" below an hour, "1:02:03.4" from an hour: tenths always shown, so two comments 0.4 s
 * apart read differently. Truncated (a playhead at 1.96 s is still in 00:01.9); never negative or NaN.
 */
export function formatTimecode(seconds: number): string {
  // Through whole milliseconds first: 2.3 * 10 is 22.999…, which would read 00:02.2.
  const tenths = Number.isFinite(seconds) && seconds > 0 ? Math.floor(Math.round(seconds * 1000) / 100) : 0;
  const total = Math.floor(tenths / 10);
  const h = Math.floor(total / 3600);
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const ss = `${String(total % 60).padStart(2, '0')}.${tenths % 10}`;
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "01:23.0" for a point, "01:23.0–01:30.5" for a range. */
export function formatSpan(start: number, end: number | null | undefined): string {
  return end != null && end > start ? `${formatTimecode(start)}–${formatTimecode(end)}` : formatTimecode(start);
}

/** Rounds to the millisecond, as the database stores it. */
export const roundMs = (seconds: number) => Math.round(Math.max(0, seconds) * 1000) / 1000;
