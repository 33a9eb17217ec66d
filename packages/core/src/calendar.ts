/**
 * 序时进度 (time progress) for a fiscal year at a date, in basis points (MO-6).
 * `month`: completed months ÷ 12; `day`: elapsed days (inclusive) ÷ days in the year.
 */
export function timeProgressBp(asOf: string, fiscalYear: number, basis: 'month' | 'day'): number {
  const d = parseIsoDate(asOf);
  if (d.year < fiscalYear) return 0;
  if (d.year > fiscalYear) return 10_000;
  if (basis === 'month') return Math.floor(((d.month - 1) * 10_000) / 12);
  const start = Date.UTC(fiscalYear, 0, 1);
  const dayIndex = Math.floor((Date.UTC(d.year, d.month - 1, d.day) - start) / 86_400_000) + 1;
  return Math.floor((dayIndex * 10_000) / daysInYear(fiscalYear));
}

function daysInYear(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

export interface IsoDateParts {
  year: number;
  month: number;
  day: number;
}

/** Parses YYYY-MM-DD (or the date part of an ISO timestamp). Throws on anything else. */
export function parseIsoDate(value: string): IsoDateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) throw new RangeError(`不是合法日期：${value}`);
  const parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  if (check.getUTCMonth() !== parts.month - 1 || check.getUTCDate() !== parts.day) {
    throw new RangeError(`不是合法日期：${value}`);
  }
  return parts;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}

/** Whole calendar months from `from` to `to` (YYYY-MM-DD), not counting a month not yet complete. */
export function wholeMonthsBetween(from: string, to: string): number {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  return (b.year - a.year) * 12 + (b.month - a.month) - (b.day < a.day ? 1 : 0);
}

/** The date `days` after an ISO date (YYYY-MM-DD). */
export function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
