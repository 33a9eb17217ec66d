import { addDaysIso } from '../calendar.ts';
import type { PolicyConfig } from '../policy-config.ts';
import { coverageDeadline } from '../self-evaluation/coverage.ts';

/**
 * 自评到期提醒 (EV-12): the year whose self-evaluations fall due within the reminder window
 * (`evaluation.reminders.selfEvaluationDaysBefore` days up to and including the deadline), with
 * that deadline; null outside it. A year's self-evaluations are due in the following year.
 */
export function selfEvaluationReminderDue(
  today: string,
  config: PolicyConfig,
): { fiscalYear: number; deadline: string } | null {
  const fiscalYear = Number(today.slice(0, 4)) - 1;
  const { deadline } = coverageDeadline(fiscalYear, today, config);
  const from = addDaysIso(deadline, -config.evaluation.reminders.selfEvaluationDaysBefore);
  return today >= from && today <= deadline ? { fiscalYear, deadline } : null;
}

/**
 * 评价到期提醒 (EV-12): key evaluations due on or before this date (and not before today) are
 * near enough to remind the experts who have not yet submitted their scores.
 */
export function keyEvaluationRemindUntil(today: string, config: PolicyConfig): string {
  return addDaysIso(today, config.evaluation.reminders.keyEvaluationDaysBefore);
}
