import { parseIsoDate } from '@jixiao/core';

/** YYYY-MM-DD plus `days`. */
export function addDays(iso: string, days: number): string {
  const d = parseIsoDate(iso);
  return new Date(Date.UTC(d.year, d.month - 1, d.day + days)).toISOString().slice(0, 10);
}

/** A valid YYYY-MM-DD or undefined. */
export function isoDateOrUndefined(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    parseIsoDate(text);
    return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
