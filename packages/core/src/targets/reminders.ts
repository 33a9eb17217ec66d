import { z } from 'zod';

/**
 * 预算编报截止日: items of a budget year need their ex-ante assessment (EA-2) and their target
 * (IN-1) before the department's budget is submitted, by this month-day of the year before;
 * the responsible officers are reminded from `remindDaysBefore` days ahead.
 */
export const budgetPreparationConfigSchema = z
  .object({
    /** MM-DD in the year before the budget year. */
    deadline: z
      .string()
      .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '预算编报截止日须为 MM-DD，例如 10-31')
      .default('10-31'),
    remindDaysBefore: z.int().min(0).max(366).default(30),
  })
  .default({ deadline: '10-31', remindDaysBefore: 30 });
export type BudgetPreparationConfig = z.output<typeof budgetPreparationConfigSchema>;

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** The budget-preparation deadline of a budget year (YYYY-MM-DD, in the year before). */
export function budgetDeadline(fiscalYear: number, config: BudgetPreparationConfig): string {
  return `${fiscalYear - 1}-${config.deadline}`;
}

/**
 * The budget years whose reminder window holds `today`: from `remindDaysBefore` days before
 * their deadline up to the deadline itself.
 */
export function budgetYearsToRemind(today: string, config: BudgetPreparationConfig): number[] {
  const year = Number(today.slice(0, 4));
  const t = dayNumber(today);
  return [year, year + 1, year + 2].filter((fy) => {
    const d = dayNumber(budgetDeadline(fy, config));
    return t <= d && t >= d - config.remindDaysBefore;
  });
}
