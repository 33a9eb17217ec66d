import { chinaWeekday } from '@jixiao/core';
import { nextDailyAt } from '@jixiao/db/schedules';

const DAY = 86_400_000;

/** The next `weekday` (0 = Sunday … 6 = Saturday) at `hh:mm`, China time, after `now`. */
export function nextWeeklyAt(weekday: number, hhmm: string): (now: Date) => Date {
  const daily = nextDailyAt(hhmm);
  return (now) => {
    let t = daily(now);
    while (chinaWeekday(t) !== weekday) t = new Date(t.getTime() + DAY);
    return t;
  };
}

/** Every `ms`, on multiples of `ms` since the epoch (so every server computes the same times). */
export function nextEvery(ms: number): (now: Date) => Date {
  return (now) => new Date((Math.floor(now.getTime() / ms) + 1) * ms);
}

/** The next `dayOfMonth` (default the 1st) at `hh:mm`, China time, after `now`. */
export function nextMonthlyAt(hhmm: string, dayOfMonth = 1): (now: Date) => Date {
  const daily = nextDailyAt(hhmm);
  return (now) => {
    let t = daily(now);
    // The China date of t is its UTC date shifted by 8 hours.
    while (new Date(t.getTime() + 8 * 3_600_000).getUTCDate() !== dayOfMonth) t = new Date(t.getTime() + DAY);
    return t;
  };
}
