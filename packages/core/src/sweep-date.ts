import { parseIsoDate } from './calendar.ts';

/**
 * A back-dated monitoring run: judging as of a day before the current fiscal year. Only for
 * finishing the previous year's cycle (its self-evaluations fall in the new year's first months);
 * it must say why, and the run is audited with the reason.
 */
export interface SweepBackdate {
  reason: string;
}

export type SweepDateDecision = { ok: true; asOf: string } | { ok: false; message: string };

/**
 * The date a monitoring run judges as of. Without back-dating: a real date in the current fiscal
 * year (the calendar year, 预算年度) no later than today. Back-dated: no later than today and no
 * earlier than the start of the previous fiscal year (older years are closed by 决算; judging them
 * again would only close their warnings). Never in the future: a run cannot know tomorrow's payments.
 */
export function decideSweepDate(
  asOf: string | undefined,
  today: string,
  backdate?: SweepBackdate | null,
): SweepDateDecision {
  if (asOf === undefined) return { ok: true, asOf: today };
  let year: number;
  try {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new RangeError(asOf);
    year = parseIsoDate(asOf).year;
  } catch {
    return { ok: false, message: `监控日期“${asOf.slice(0, 20)}”不是合法日期（YYYY-MM-DD）` };
  }
  if (asOf > today) return { ok: false, message: `监控日期不能晚于今天（${today}）` };
  const currentYear = parseIsoDate(today).year;
  if (year === currentYear) return { ok: true, asOf };
  if (!backdate) {
    return {
      ok: false,
      message: `监控日期须在本预算年度（${currentYear}年1月1日至今天）内；如需补做上年度监控，请注明补做原因（backdate.reason）`,
    };
  }
  if (!backdate.reason.trim()) return { ok: false, message: '补做以前年度监控须填写原因' };
  if (year < currentYear - 1) {
    return { ok: false, message: `补做监控最早只能追溯到上一预算年度（${currentYear - 1}年1月1日）` };
  }
  return { ok: true, asOf };
}
