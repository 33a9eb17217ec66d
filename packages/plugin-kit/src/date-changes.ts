import type { DateChange } from './types.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the date conditions read of an item: its attributes and its current fiscal year. */
export interface DateChangeItem {
  attributes: unknown;
  fiscalYear: number;
}

/**
 * Whether a day on which the answer can change (`changes`) lies after `from` and up to `to`
 * (ISO dates; none when `to` is not after `from`): if not, a rule declaring `changes` answers on `to` what it answered
 * on `from`. The nightly sweep asks this in SQL (`packages/db/src/monitoring/sweep/date-due-sql.ts`,
 * parity test `packages/db/test/date-due-sql.test.ts`).
 */
export function dateMayChange(
  changes: readonly DateChange[],
  item: DateChangeItem,
  from: string,
  to: string,
): boolean {
  if (from >= to) return false;
  const fromYear = Number(from.slice(0, 4));
  const toYear = Number(to.slice(0, 4));
  const attrs = (item.attributes ?? {}) as Record<string, unknown>;
  return changes.some((c) => {
    if (c === 'fiscalYear') return fromYear <= item.fiscalYear && toYear >= item.fiscalYear;
    if (c === 'fiscalYearEnd') return fromYear <= item.fiscalYear && toYear > item.fiscalYear;
    const at = attrs[c.after];
    if (at === undefined || at === null) return false;
    if (c.unless !== undefined && attrs[c.unless] !== undefined && attrs[c.unless] !== null) return false;
    // Anything but a well-formed date may change any day.
    return typeof at !== 'string' || !ISO_DATE.test(at) || at < to;
  });
}
