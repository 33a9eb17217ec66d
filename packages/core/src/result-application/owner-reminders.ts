import { addDaysIso } from '../calendar.ts';
import type { ResultApplicationConfig } from './config.ts';

/**
 * The reminder period `today` (YYYY-MM-DD, China date) falls in, named by its first day: the last
 * configured weekday (weekly) or day of the month (monthly) on or before today. A project owner is
 * reminded of their open rectifications at most once per period (§十五, `ownerReminders`).
 */
export function ownerReminderPeriod(today: string, cfg: ResultApplicationConfig['ownerReminders']): string {
  if (cfg.cadence === 'weekly') {
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
    return addDaysIso(today, -((weekday - cfg.weekday + 7) % 7));
  }
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  if (d >= cfg.dayOfMonth) return `${today.slice(0, 8)}${String(cfg.dayOfMonth).padStart(2, '0')}`;
  const prev = m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 };
  return `${prev.y}-${String(prev.m).padStart(2, '0')}-${String(cfg.dayOfMonth).padStart(2, '0')}`;
}
