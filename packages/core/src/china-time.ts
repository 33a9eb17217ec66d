/**
 * China Standard Time (UTC+8, no daylight saving): the one place that knows the offset. Business
 * dates (today, deadlines, 序时进度) and every time shown to users are China time.
 */
export const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;

/** The China wall clock of an instant, as a Date whose UTC fields read China time. */
function chinaWallClock(at: Date): Date {
  return new Date(at.getTime() + CHINA_UTC_OFFSET_MS);
}

/** The date in China at an instant, YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return chinaWallClock(now).toISOString().slice(0, 10);
}

/** An instant shown in China time to the minute: "2026-08-31 12:05". */
export function chinaDateTime(at: Date): string {
  return chinaWallClock(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** Day of the week in China at an instant, 0 = Sunday … 6 = Saturday. */
export function chinaWeekday(at: Date): number {
  return chinaWallClock(at).getUTCDay();
}

/** The instant at `hh:mm:ss` China time on a YYYY-MM-DD date. */
export function chinaInstant(date: string, hh: number, mm: number, ss = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, hh, mm, ss) - CHINA_UTC_OFFSET_MS);
}
