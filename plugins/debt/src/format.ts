import { parseIsoDate } from '@jixiao/core';

/** A share (0..1) as a percentage with up to two decimals: 0.1001 → "10.01%", 0.1 → "10%". */
export function percent(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}

/** A multiple with up to two decimals: 1.234 → "1.23倍". */
export function times(x: number): string {
  return `${Number(x.toFixed(2))}倍`;
}

/** Whole calendar months from `from` to `to` (YYYY-MM-DD), not counting a month not yet complete. */
export function wholeMonthsBetween(from: string, to: string): number {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  return (b.year - a.year) * 12 + (b.month - a.month) - (b.day < a.day ? 1 : 0);
}
